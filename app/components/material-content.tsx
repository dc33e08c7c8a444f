import type { SerializeFrom } from "@remix-run/node";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { H5pPlayer } from "~/components/h5p-player";
import { MediaPlayer } from "~/components/media-player";
import type { MaterialForViewer } from "~/domain/materials/materials.server";

/** What a material is: the player, the page previews, the rendered lecture or the link — on its page and the review screen. */
export function MaterialContent({
  material,
  h5pResult,
}: {
  material: SerializeFrom<MaterialForViewer>;
  h5pResult: { scoreRaw: number | null; scoreMax: number | null } | null;
}) {
  const { t } = useTranslation();
  const { originalUrl, lectureHtml } = material;
  const [recorded, setRecorded] = useState<string | null>(null);
  const poster = material.derived.find((file) => file.role === "poster")?.url;
  const pages = material.derived.filter((file) => file.role === "page");
  const { version } = material;
  switch (material.kind) {
    case "lecture":
      return (
        // Rendered on the server from the validated document: only the editor's nodes, escaped text, KaTeX output.
        <article className="lecture-content card" dangerouslySetInnerHTML={{ __html: lectureHtml ?? "" }} />
      );
    case "link":
      return (
        <p className="card">
          <a href={version.url ?? "#"} target="_blank" rel="noopener noreferrer nofollow" className="btn-primary">
            {t("materials.view.openLink")}
          </a>
          <span className="ml-3 break-all text-sm text-muted">{version.url}</span>
        </p>
      );
    case "video":
    case "audio":
      return originalUrl ? <MediaPlayer kind={material.kind} src={originalUrl} poster={poster} title={version.title} /> : null;
    case "image":
      return originalUrl ? <img src={originalUrl} alt={version.title} className="max-h-[80vh] rounded" /> : null;
    case "simulation":
      return version.h5pPlayUrl ? (
        <div className="space-y-2">
          <H5pPlayer
            playUrl={version.h5pPlayUrl}
            title={version.title}
            labels={{ loading: t("materials.view.h5pLoading"), failed: t("materials.view.h5pFailed") }}
            onStatement={(statement) => {
              if (statement.verb !== "answered" && statement.verb !== "completed") return;
              void fetch(`/api/v1/materials/${material.id}/h5p-results`, {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify({
                  version: version.number,
                  verb: statement.verb,
                  scoreRaw: statement.score?.raw,
                  scoreMax: statement.score?.max,
                  success: statement.success,
                  completion: statement.completion,
                }),
              }).then((response) => {
                if (response.ok)
                  setRecorded(
                    t("materials.view.h5pRecorded", { raw: statement.score?.raw ?? "–", max: statement.score?.max ?? "–" }),
                  );
              });
            }}
          />
          <p role="status" className="text-sm text-muted">
            {recorded ??
              (h5pResult
                ? t("materials.view.h5pRecorded", { raw: h5pResult.scoreRaw ?? "–", max: h5pResult.scoreMax ?? "–" })
                : "")}
          </p>
        </div>
      ) : null;
    default:
      return pages.length > 0 ? (
        <ol className="space-y-4" aria-label={t("materials.view.pages")}>
          {pages.map((page) => (
            <li key={page.page} className="card p-2">
              <img
                src={page.url}
                alt={t("materials.view.page", { page: page.page, title: version.title })}
                loading="lazy"
                className="w-full"
              />
            </li>
          ))}
        </ol>
      ) : null;
  }
}

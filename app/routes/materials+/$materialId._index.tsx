import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import katexStyles from "katex/dist/katex.min.css?url";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { H5pPlayer } from "~/components/h5p-player";
import { MediaPlayer } from "~/components/media-player";
import { Notice } from "~/components/notice";
import { latestH5pResult } from "~/domain/materials/h5p-results.server";
import { renderLectureHtml } from "~/domain/materials/lecture-html.server";
import { countView, materialForViewer, readableVersionFiles, retryProcessing } from "~/domain/materials/materials.server";
import { formatBytes, formatDateTime, formatNumber } from "~/i18n/format";
import { isLanguage } from "~/i18n/config";
import { presignGet } from "~/services/storage.server";
import lectureStyles from "~/styles/lecture.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: lectureStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.material.version.title ?? "Học liệu"} — Kho Học Liệu` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const requested = Number(new URL(request.url).searchParams.get("version")) || undefined;
  const material = await materialForViewer(actor, params.materialId ?? "", requested);
  if (!material) throw new Response("Không tìm thấy học liệu hoặc bạn không có quyền xem.", { status: 404 });
  // Authors open their own item often (and the page refreshes while files are processed): not a reuse signal.
  if (!material.canEdit) await countView(material.id);
  const files = await readableVersionFiles(actor, material.id, material.version.number);
  const original = files?.version.file ? await presignGet(files.version.file.key) : null;
  return {
    material,
    originalUrl: original,
    lectureHtml: material.kind === "lecture" && material.version.body ? renderLectureHtml(material.version.body) : null,
    h5pResult: material.version.h5pPlayUrl ? await latestH5pResult(actor, material.id) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = await retryProcessing(actor, params.materialId ?? "");
  return Response.json(result.ok ? { ok: true } : { error: result.reason }, { status: result.ok ? 200 : result.status });
}

function ProcessingPanel() {
  const { t } = useTranslation();
  const { material } = useLoaderData<typeof loader>();
  const { processing } = material.version;
  const revalidator = useRevalidator();
  const active = processing.state === "queued" || processing.state === "running";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2500);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  if (processing.state === "none" || processing.state === "done") return null;
  return (
    <div className="card space-y-2" aria-live="polite">
      <h2 className="font-semibold text-brand-900">{t("materials.processing.title")}</h2>
      {active ? (
        <p>
          {t(`materials.processing.${processing.state}`)}
          {processing.error ? ` ${processing.error}` : ""}
        </p>
      ) : (
        <>
          <Notice tone="error">{processing.error ?? t("materials.processing.failed")}</Notice>
          <p className="text-sm text-muted">{t("materials.processing.originalUsable")}</p>
          {material.canEdit ? (
            <Form method="post">
              <button type="submit" className="btn-secondary">
                {t("materials.processing.retry")}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </div>
  );
}

function MaterialContent() {
  const { t } = useTranslation();
  const { material, originalUrl, lectureHtml, h5pResult } = useLoaderData<typeof loader>();
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

export default function MaterialPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { material } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { version } = material;
  return (
    <section className="mx-auto max-w-4xl space-y-4" aria-labelledby="material-title">
      {searchParams.get("created") ? <Notice tone="success">{t("materials.created")}</Notice> : null}
      {searchParams.get("saved") ? <Notice tone="success">{t("materials.saved")}</Notice> : null}
      <header className="space-y-2">
        <p className="text-sm text-muted">
          {t(`materials.kinds.${material.kind}`)} · {t(`materials.statuses.${version.status}`)} ·{" "}
          {t("materials.view.version", { number: version.number })}
          {material.liveVersion && material.liveVersion !== version.number
            ? ` · ${t("materials.view.liveIs", { number: material.liveVersion })}`
            : ""}
        </p>
        <h1 id="material-title" className="text-2xl font-bold text-brand-900">
          {version.title}
        </h1>
        {version.summary ? <p>{version.summary}</p> : null}
        <div className="flex flex-wrap gap-2">
          {material.canEdit ? (
            <Link to={`/materials/${material.id}/edit`} className="btn-primary">
              {t("materials.view.edit")}
            </Link>
          ) : null}
          {material.canEdit ? (
            <Link to={`/materials/${material.id}/history`} className="btn-secondary">
              {t("materials.view.history")}
            </Link>
          ) : null}
          {material.canDownload ? (
            <a href={`/materials/${material.id}/download?version=${version.number}`} className="btn-secondary">
              {t("materials.view.download")}
            </a>
          ) : null}
        </div>
      </header>
      {version.file?.duplicateOf ? (
        <Notice tone="error">
          {t("materials.view.duplicate")}{" "}
          <Link to={`/materials/${version.file.duplicateOf.materialId}`} className="underline">
            {version.file.duplicateOf.title}
          </Link>
        </Notice>
      ) : null}
      <ProcessingPanel />
      <MaterialContent />
      <dl className="card grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold">{t("materials.form.subject")}</dt>
          <dd>
            {version.subjectCode} · {version.grades.map((grade) => t("materials.form.grade", { grade })).join(", ")}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">{t("materials.form.licence")}</dt>
          <dd>{t(`materials.licences.${version.licence.replaceAll(".", "_")}`)}</dd>
        </div>
        <div>
          <dt className="font-semibold">{t("materials.view.author")}</dt>
          <dd>{version.authors.length > 0 ? version.authors.join(", ") : material.createdBy.fullName}</dd>
        </div>
        <div>
          <dt className="font-semibold">{t("materials.view.updated")}</dt>
          <dd>
            {formatDateTime(version.updatedAt, language)} · {version.createdBy.fullName}
          </dd>
        </div>
        {version.file ? (
          <div>
            <dt className="font-semibold">{t("materials.form.file")}</dt>
            <dd className="break-all">
              {version.file.name} · {formatBytes(version.file.size, language)}
              {version.processing.durationSeconds
                ? ` · ${t("materials.view.duration", { minutes: Math.floor(version.processing.durationSeconds / 60), seconds: String(Math.round(version.processing.durationSeconds % 60)).padStart(2, "0") })}`
                : ""}
              {version.processing.pageCount ? ` · ${t("materials.view.pageCount", { count: version.processing.pageCount })}` : ""}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="font-semibold">{t("materials.view.counters")}</dt>
          <dd>
            {t("materials.view.countersValue", {
              views: formatNumber(material.counters.views, language),
              downloads: formatNumber(material.counters.downloads, language),
            })}
          </dd>
        </div>
      </dl>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import katexStyles from "katex/dist/katex.min.css?url";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MaterialContent } from "~/components/material-content";
import { ClassUses, Feedback, OpenReports, SharingActions } from "~/components/material-sharing";
import { ReviewStatusPanel } from "~/components/review-status-panel";
import { Notice } from "~/components/notice";
import { latestH5pResult } from "~/domain/materials/h5p-results.server";
import { countView, findReadableMaterial, retryProcessing, viewOfReadable } from "~/domain/materials/materials.server";
import { nominate, reviewStep, reviewSummary } from "~/domain/materials/review.server";
import { sharingPanel } from "~/domain/sharing/sharing-panel.server";
import { sharingAction } from "./__sharing-actions.server";
import { formatBytes, formatDateTime, formatNumber } from "~/i18n/format";
import { isLanguage } from "~/i18n/config";
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
  const readable = await findReadableMaterial(actor, params.materialId ?? "");
  const material = readable ? await viewOfReadable(actor, readable, requested) : null;
  if (!readable || !material) throw new Response("Không tìm thấy học liệu hoặc bạn không có quyền xem.", { status: 404 });
  // Authors open their own item often (and the page refreshes while files are processed): not a reuse signal.
  if (!material.canEdit) await countView(material.id);
  return {
    material,
    h5pResult: material.version.h5pPlayUrl ? await latestH5pResult(actor, material.id) : null,
    review: await reviewSummary(actor, readable.material),
    sharing: material.liveVersion ? await sharingPanel(actor, readable) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const materialId = params.materialId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const shared = await sharingAction(actor, materialId, intent, formData);
  if (shared) return shared;
  const result =
    intent === "submit" || intent === "archive"
      ? await reviewStep(actor, materialId, { action: intent })
      : intent === "nominate"
        ? await nominate(actor, materialId)
        : await retryProcessing(actor, materialId);
  return Response.json(result.ok ? { done: intent } : { error: result.reason }, { status: result.ok ? 200 : result.status });
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
              <button type="submit" name="intent" value="retry" className="btn-secondary">
                {t("materials.processing.retry")}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </div>
  );
}

export default function MaterialPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { material, h5pResult, review, sharing } = useLoaderData<typeof loader>();
  const result = useActionData<{ done?: string; error?: string }>();
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
      {searchParams.get("copied") ? <Notice tone="success">{t("sharing.done.copied")}</Notice> : null}
      {searchParams.get("done") === "used" || searchParams.get("done") === "reported" ? (
        <Notice tone="success">{t(`sharing.done.${searchParams.get("done") as "used" | "reported"}`)}</Notice>
      ) : null}
      {result?.done && result.done !== "retry" ? (
        <Notice tone="success">
          {isReviewIntent(result.done) ? t(`review.pageDone.${result.done}`) : t(`sharing.done.${result.done as SharingIntent}`)}
        </Notice>
      ) : null}
      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      {review ? <ReviewStatusPanel review={review} /> : null}
      {sharing ? <OpenReports panel={sharing} /> : null}
      {sharing ? <SharingActions materialId={material.id} panel={sharing} /> : null}
      {sharing ? <ClassUses panel={sharing} /> : null}
      <ProcessingPanel />
      <MaterialContent material={material} h5pResult={h5pResult} />
      <dl className="card grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold">{t("materials.form.subject")}</dt>
          <dd>
            {version.subjectCode} · {version.grades.map((grade) => t("materials.form.grade", { grade })).join(", ")}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">{t("sharing.owner")}</dt>
          <dd>{material.owner.name}</dd>
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
            })}{" "}
            · {t("sharing.reuse", { uses: material.counters.uses, copies: material.counters.copies })}
          </dd>
        </div>
        {material.derivedFrom ? (
          <div className="sm:col-span-2">
            <dt className="font-semibold">{t("sharing.derivedFrom")}</dt>
            <dd>
              {t("sharing.attribution", {
                title: material.derivedFrom.title,
                authors: material.derivedFrom.authors.join(", "),
                school: material.derivedFrom.ownerName,
                licence: t(`materials.licences.${material.derivedFrom.licence.replaceAll(".", "_")}`),
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      {sharing ? <Feedback panel={sharing} rating={material.rating} /> : null}
    </section>
  );
}

const REVIEW_INTENTS = ["submit", "archive", "nominate"] as const;
const isReviewIntent = (intent: string): intent is (typeof REVIEW_INTENTS)[number] =>
  (REVIEW_INTENTS as readonly string[]).includes(intent);
type SharingIntent = "copy" | "rate" | "comment" | "delete_comment" | "remove_class_use" | "resolve_report";

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

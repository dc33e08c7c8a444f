import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { materialVersions } from "~/domain/materials/materials.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Lịch sử phiên bản — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const versions = await materialVersions(actor, params.materialId ?? "");
  if (!versions) throw new Response("Không tìm thấy học liệu hoặc bạn không có quyền xem lịch sử.", { status: 404 });
  return { materialId: params.materialId ?? "", ...versions };
}

export default function MaterialHistory() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { materialId, title, items } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="history-title">
      <h1 id="history-title" className="text-2xl font-bold text-brand-900">
        {t("materials.history.title", { title })}
      </h1>
      <ol className="space-y-2">
        {items.map((version) => (
          <li key={version.number} className="card flex flex-wrap items-center justify-between gap-2">
            <div>
              <Link to={`/materials/${materialId}?version=${version.number}`} className="font-semibold underline">
                {t("materials.view.version", { number: version.number })} — {version.title}
              </Link>
              <p className="text-sm text-muted">
                {version.createdBy.fullName} · {formatDateTime(version.createdAt, language)}
              </p>
            </div>
            <p className="text-sm">
              {t(`materials.statuses.${version.status}`)}
              {version.live ? ` · ${t("materials.history.live")}` : ""}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

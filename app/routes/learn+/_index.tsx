import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { materialsForStudent } from "~/domain/sharing/class-use.server";

export const meta: MetaFunction = () => [{ title: "Học liệu của lớp — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { items: await materialsForStudent(actor) };
}

/** A student's page: what their teachers gave their classes and is open today. */
export default function ClassMaterials() {
  const { t } = useTranslation();
  const { items } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="learn-title">
      <h1 id="learn-title" className="text-2xl font-bold text-brand-900">
        {t("sharing.learnTitle")}
      </h1>
      {items.length === 0 ? (
        <p className="card text-muted">{t("sharing.learnEmpty")}</p>
      ) : (
        <ul className="space-y-2">
          {items.map((item) => (
            <li key={item.id} className="card space-y-1">
              <Link to={`/materials/${item.materialId}`} className="text-lg font-semibold text-brand-900 underline">
                {item.title}
              </Link>
              <p className="text-sm text-muted">
                {t(`materials.kinds.${item.kind}`)} · {t("sharing.forClass", { name: item.class.name })} ·{" "}
                {t("sharing.givenBy", { name: item.assignedBy.fullName })}
                {item.closesOn ? ` · ${t("sharing.closesOn", { date: item.closesOn })}` : ""}
              </p>
              {item.note ? <p className="whitespace-pre-line">{item.note}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { listSubjectGroups } from "~/domain/subject-groups/subject-groups.server";

export const meta: MetaFunction = () => [{ title: "Tổ chuyên môn — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const school = await requireManagedSchool(actor, new URL(request.url).searchParams.get("school"));
  return { schoolId: String(school.id), schoolName: school.name, groups: await listSubjectGroups(school.id) };
}

export default function SubjectGroups() {
  const { t } = useTranslation();
  const { schoolId, schoolName, groups } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-5" aria-labelledby="groups-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 id="groups-title" className="text-2xl font-bold text-brand-900">
            {t("groups.title")}
          </h1>
          <p className="text-muted">{schoolName}</p>
        </div>
        <Link to={`/admin/groups/new?school=${schoolId}`} className="btn-primary">
          {t("groups.create")}
        </Link>
      </div>
      {groups.length === 0 ? (
        <p className="text-muted">{t("groups.none")}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {groups.map((group) => (
            <li key={group.id} className="card">
              <Link to={`/admin/groups/${group.id}`} className="font-semibold text-brand-700 underline">
                {group.name}
              </Link>
              <p className="text-sm text-muted">
                {t("groups.leader")}: {group.leader ?? "—"} · {t("groups.members")}: {group.members}
              </p>
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

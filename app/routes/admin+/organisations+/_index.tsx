import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createOrganisationSchema, SCHOOL_LEVELS } from "#content-schemas/organisation";
import { requireActor } from "~/auth/session.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import {
  createOrganisation,
  organisationTree,
  requireEditableOrganisation,
} from "~/domain/organisations/organisation-tree.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Đơn vị — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const tree = await organisationTree(actor);
  if (!tree.some((row) => row.canEdit || row.canAddChild)) throw new Response("Not allowed", { status: 403 });
  const parentId = new URL(request.url).searchParams.get("parent");
  const parent = parentId ? await requireEditableOrganisation(actor, parentId, { asParent: true }) : null;
  return { tree, parent };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), createOrganisationSchema);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  await requireEditableOrganisation(actor, form.data.parentId, { asParent: true });
  const created = await createOrganisation(form.data.parentId, form.data);
  if (!created.ok) return Response.json({ errors: created.errors }, { status: 400 });
  return redirect(`/admin/organisations?created=${created.id}`);
}

export default function Organisations() {
  const { t } = useTranslation();
  const { tree, parent } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  const [searchParams] = useSearchParams();
  return (
    <section className="space-y-5" aria-labelledby="organisations-title">
      <div>
        <h1 id="organisations-title" className="text-2xl font-bold text-brand-900">
          {t("organisations.title")}
        </h1>
        <p className="text-muted">{t("organisations.intro")}</p>
      </div>
      {searchParams.get("created") ? <Notice tone="success">{t("organisations.saved")}</Notice> : null}
      {parent?.childType ? (
        <Form method="post" className="card space-y-4" noValidate aria-labelledby="create-title">
          <h2 id="create-title" className="text-lg font-semibold">
            {t("organisations.create")}: {t(`organisations.types.${parent.childType}`)} — {t("organisations.parent")}{" "}
            {parent.name}
          </h2>
          <input type="hidden" name="parentId" value={parent.id} />
          <Field
            label={t("organisations.code")}
            name="code"
            hint={t("organisations.codeHint")}
            autoCapitalize="characters"
            error={data?.errors?.code}
          />
          <Field label={t("organisations.name")} name="name" error={data?.errors?.name} />
          {parent.childType === "school" ? (
            <div>
              <label htmlFor="schoolLevel" className="field-label">
                {t("organisations.schoolLevel")}
              </label>
              <select id="schoolLevel" name="schoolLevel" className="field-input" defaultValue="lower_secondary">
                {SCHOOL_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t(`organisations.levels.${level}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" className="btn-primary">
            {t("organisations.create")}
          </button>
        </Form>
      ) : null}
      <ul className="card divide-y divide-gray-100" aria-label={t("organisations.title")}>
        {tree.map((row) => (
          <li
            key={row.id}
            className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between"
            style={{ paddingLeft: `${row.depth * 1.25}rem` }}
          >
            <p>
              <span className="font-medium">{row.name}</span>{" "}
              <span className="text-sm text-muted">
                · {t(`organisations.types.${row.type}`)} · {row.code}
              </span>
            </p>
            <p className="flex gap-2">
              {row.canEdit ? (
                <Link
                  to={`/admin/organisations/${row.id}`}
                  className="btn-secondary"
                  aria-label={`${t("organisations.edit")} ${row.name}`}
                >
                  {t("organisations.edit")}
                </Link>
              ) : null}
              {row.canAddChild ? (
                <Link
                  to={`?parent=${row.id}`}
                  className="btn-secondary"
                  aria-label={`${t("organisations.create")} — ${row.name}`}
                >
                  {t("organisations.create")}
                </Link>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

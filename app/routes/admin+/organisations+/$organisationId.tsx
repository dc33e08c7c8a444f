import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { editOrganisationSchema, SCHOOL_LEVELS } from "#content-schemas/organisation";
import { requireActor } from "~/auth/session.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { renameOrganisation, requireEditableOrganisation } from "~/domain/organisations/organisation-tree.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Sửa đơn vị — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return requireEditableOrganisation(await requireActor(request), params.organisationId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organisation = await requireEditableOrganisation(await requireActor(request), params.organisationId);
  const form = parseForm(await request.formData(), editOrganisationSchema);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  await renameOrganisation(organisation.id, {
    name: form.data.name,
    schoolLevel: organisation.type === "school" ? form.data.schoolLevel : undefined,
  });
  return redirect(`/admin/organisations?created=${organisation.id}`);
}

export default function EditOrganisation() {
  const { t } = useTranslation();
  const organisation = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="mx-auto max-w-xl space-y-4" aria-labelledby="organisation-title">
      <h1 id="organisation-title" className="text-2xl font-bold text-brand-900">
        {organisation.name}
      </h1>
      <p className="text-muted">
        {t(`organisations.types.${organisation.type}`)} · {organisation.code}
      </p>
      <Form method="post" className="card space-y-4" noValidate>
        <Field label={t("organisations.name")} name="name" defaultValue={organisation.name} error={data?.errors?.name} />
        {organisation.type === "school" ? (
          <div>
            <label htmlFor="schoolLevel" className="field-label">
              {t("organisations.schoolLevel")}
            </label>
            <select
              id="schoolLevel"
              name="schoolLevel"
              className="field-input"
              defaultValue={organisation.schoolLevel || "lower_secondary"}
            >
              {SCHOOL_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {t(`organisations.levels.${level}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="btn-primary">
          {t("organisations.save")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

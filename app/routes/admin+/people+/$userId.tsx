import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { updatePersonSchema } from "#content-schemas/people";
import { readPersonRecord, resetPassword, updatePerson } from "~/domain/people/person-record.server";
import { parseForm } from "~/utils/form.server";
import { PersonFields } from "./__person-fields";

/** "2012-09-05" → "05/09/2012", the form's format. */
const displayDate = (iso: string | null) => (iso ? iso.split("-").reverse().join("/") : "");

export const meta: MetaFunction = () => [{ title: "Hồ sơ người dùng — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return readPersonRecord(actor, params.userId, clientAddress(request));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  if (formData.get("intent") === "update") {
    const form = parseForm(formData, updatePersonSchema, { lists: ["roles"] });
    if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
    await updatePerson(actor, params.userId, form.data, clientAddress(request));
    return { saved: true };
  }
  return { temporaryPassword: await resetPassword(actor, params.userId, clientAddress(request)) };
}

type ActionData = { temporaryPassword?: string; saved?: boolean; errors?: Record<string, string> };

export default function PersonRecord() {
  const { t } = useTranslation();
  const person = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const fields: [string, string][] = [
    [t("account.username"), person.username],
    [t("people.code"), person.code ?? "—"],
    [t("account.email"), person.email ?? "—"],
    [t("people.dateOfBirth"), person.dateOfBirth ?? "—"],
    [t("account.roles"), person.roles.map((role) => t(`roles.${role}`)).join(", ")],
    [t("people.classes"), person.classes.join(", ") || "—"],
  ];
  return (
    <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="record-title">
      <h1 id="record-title" className="text-2xl font-bold text-brand-900">
        {t("people.recordTitle", { name: person.fullName })}
      </h1>
      <p className="text-sm text-muted">{t("people.recordNotice")}</p>
      <dl className="card grid gap-2 sm:grid-cols-[12rem_1fr]">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {data?.saved ? <Notice tone="success">{t("people.savedPerson")}</Notice> : null}
      <Form method="post" className="card space-y-4" noValidate aria-labelledby="edit-person-title">
        <h2 id="edit-person-title" className="text-lg font-semibold">
          {t("people.edit")}
        </h2>
        <input type="hidden" name="intent" value="update" />
        <PersonFields
          values={{
            fullName: person.fullName,
            email: person.email ?? "",
            dateOfBirth: displayDate(person.dateOfBirth),
            roles: person.roles,
          }}
          errors={data?.errors}
        />
        <button type="submit" className="btn-secondary">
          {t("people.save")}
        </button>
      </Form>
      {data?.temporaryPassword ? (
        <Notice tone="success">{t("people.resetDone", { name: person.fullName, password: data.temporaryPassword })}</Notice>
      ) : null}
      <div className="card space-y-3">
        <Form method="post">
          <input type="hidden" name="intent" value="reset" />
          <button type="submit" className="btn-secondary" aria-describedby="reset-hint">
            {t("people.resetPassword")}
          </button>
          <p id="reset-hint" className="mt-1 text-sm text-muted">
            {t("people.resetHint")}
          </p>
        </Form>
        <div className="flex flex-wrap gap-3">
          <a href={`/admin/people/${person.id}/export?format=json`} className="btn-secondary" download>
            {t("people.exportJson")}
          </a>
          <a href={`/admin/people/${person.id}/export?format=xlsx`} className="btn-secondary" download>
            {t("people.exportXlsx")}
          </a>
        </div>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

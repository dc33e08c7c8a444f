import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createPersonSchema } from "#content-schemas/people";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { createPerson } from "~/domain/people/person-record.server";
import { parseForm } from "~/utils/form.server";
import { PersonFields } from "./__person-fields";

export const meta: MetaFunction = () => [{ title: "Thêm người — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const school = await requireManagedSchool(await requireActor(request), new URL(request.url).searchParams.get("school"));
  return { schoolId: String(school.id), schoolName: school.name };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), createPersonSchema, { lists: ["roles"] });
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const school = await requireManagedSchool(actor, form.data.schoolId);
  const created = await createPerson(actor, school, form.data, clientAddress(request));
  if (!created.ok) return Response.json({ errors: created.errors }, { status: 400 });
  return {
    created: { id: created.id, name: form.data.fullName, username: form.data.code.toLowerCase(), password: created.password },
  };
}

type ActionData = { errors?: Record<string, string>; created?: { id: string; name: string; username: string; password: string } };

export default function NewPerson() {
  const { t } = useTranslation();
  const { schoolId, schoolName } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  return (
    <section className="mx-auto max-w-xl space-y-4" aria-labelledby="new-person-title">
      <div>
        <h1 id="new-person-title" className="text-2xl font-bold text-brand-900">
          {t("people.addTitle")}
        </h1>
        <p className="text-muted">{schoolName}</p>
      </div>
      {data?.created ? (
        <div role="status" className="card space-y-2 border-green-200 bg-green-50">
          <p className="font-medium text-success">{t("people.created", data.created)}</p>
          <Link to={`/admin/people/${data.created.id}`} className="text-brand-700 underline">
            {data.created.name}
          </Link>
        </div>
      ) : null}
      <Form method="post" className="card space-y-4" noValidate key={data?.created?.id}>
        <input type="hidden" name="schoolId" value={schoolId} />
        <Field
          label={t("people.code")}
          name="code"
          hint={t("people.codeHint")}
          autoCapitalize="characters"
          error={data?.errors?.code}
        />
        <PersonFields values={{ fullName: "", email: "", dateOfBirth: "", roles: [] }} errors={data?.errors} />
        <button type="submit" className="btn-primary">
          {t("people.create")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DEFAULT_LICENCE, MATERIAL_KINDS, materialKindSchema } from "#content-schemas/materials";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { MaterialForm } from "./__material-form";
import { parseCreateMaterialForm } from "./__material-form.server";

export { links } from "./__material-form";

export const meta: MetaFunction = () => [{ title: "Thêm học liệu — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCan(actor, "create", "Material");
  const kind = materialKindSchema.safeParse(new URL(request.url).searchParams.get("kind")).data ?? null;
  return { kind, subjects: kind ? await listSubjects() : [] };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseCreateMaterialForm(await request.formData());
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const created = await createMaterial(actor, form.data);
  if (!created.ok) return Response.json({ errors: { form: created.reason } }, { status: created.status });
  return redirect(`/materials/${created.value.id}?created=1`);
}

export default function NewMaterial() {
  const { t } = useTranslation();
  const { kind, subjects } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="new-material-title">
      <h1 id="new-material-title" className="text-2xl font-bold text-brand-900">
        {kind ? t("materials.newKindTitle", { kind: t(`materials.kinds.${kind}`) }) : t("materials.newTitle")}
      </h1>
      {kind ? (
        <>
          <Link to="/materials/new" className="text-sm underline">
            {t("materials.changeKind")}
          </Link>
          <MaterialForm
            key={kind}
            kind={kind}
            subjects={subjects}
            errors={data?.errors}
            submitLabel={t("materials.form.create")}
            values={{
              title: "",
              summary: "",
              subjectCode: "",
              grades: [],
              topicIds: [],
              language: "vi",
              licence: DEFAULT_LICENCE,
              authors: [],
            }}
          />
        </>
      ) : (
        <nav aria-label={t("materials.chooseKind")}>
          <p className="mb-3 text-muted">{t("materials.chooseKind")}</p>
          <ul className="grid gap-3 sm:grid-cols-3">
            {MATERIAL_KINDS.map((option) => (
              <li key={option}>
                <Link to={`?kind=${option}`} className="card block h-full hover:border-brand-500 focus-visible:border-brand-500">
                  <span className="block font-semibold text-brand-900">{t(`materials.kinds.${option}`)}</span>
                  <span className="block text-sm text-muted">{t(`materials.kindHints.${option}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

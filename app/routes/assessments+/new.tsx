import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ASSESSMENT_PURPOSES, assessmentSettingsSchema, ROUNDING_POLICIES } from "#content-schemas/assessments";
import { GRADES, gradeSchema, subjectCodeSchema } from "#content-schemas/curriculum";
import { objectIdSchema } from "#content-schemas/common";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FieldError, SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { createAssessment } from "~/domain/assessments/assessments.server";
import { BLUEPRINT_PRESETS, blueprintFromPreset, presetById } from "~/domain/assessments/blueprint";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { listTopics } from "~/domain/curriculum/topics.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Tạo bài kiểm tra — Kho Học Liệu" }];

const chosenSchema = z.object({ subject: subjectCodeSchema.optional(), grade: gradeSchema.optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  assertCan(await requireActor(request), "create", "Assessment");
  const url = new URL(request.url);
  const chosen = chosenSchema.safeParse({
    subject: url.searchParams.get("subject") || undefined,
    grade: url.searchParams.get("grade") || undefined,
  });
  const { subject, grade } = chosen.success ? chosen.data : {};
  const subjects = await listSubjects();
  const topics = subject && grade ? await listTopics(subject, grade) : [];
  return { subjects: subjects.map((entry) => ({ code: entry.code, name: entry.name })), subject, grade, topics };
}

const createFormSchema = assessmentSettingsSchema.extend({
  preset: z.string().default(""),
  topicIds: z.array(objectIdSchema).max(40).default([]),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), createFormSchema, { lists: ["topicIds"] });
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const { preset: presetId, topicIds, ...settings } = form.data;
  const preset = presetId ? presetById(presetId) : undefined;
  if (preset && topicIds.length === 0)
    return Response.json({ errors: { topicIds: "Chọn ít nhất một chủ đề cho ma trận." } }, { status: 400 });
  const created = await createAssessment(actor, {
    ...settings,
    blueprint: preset ? blueprintFromPreset(preset, topicIds) : null,
  });
  if (!created.ok) return Response.json({ errors: { form: created.reason } }, { status: created.status });
  return redirect(`/assessments/${created.value.id}`);
}

/** Step 1 chooses the subject and grade (their topics), step 2 the test's settings, preset and topics. */
export default function NewAssessment() {
  const { t } = useTranslation();
  const { subjects, subject, grade, topics } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors: Record<string, string> }>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const subjectName = subjects.find((entry) => entry.code === subject)?.name ?? "";
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="new-title">
      <h1 id="new-title" className="text-2xl font-bold text-brand-900">
        {t("assessments.create")}
      </h1>
      <Form method="get" className="card grid gap-4 sm:grid-cols-3 sm:items-end">
        <SelectField
          label={t("assessments.subject")}
          name="subject"
          defaultValue={subject ?? ""}
          emptyLabel={t("assessments.chooseSubject")}
          options={subjects.map((entry) => ({ value: entry.code, label: entry.name }))}
        />
        <SelectField
          label={t("assessments.grade")}
          name="grade"
          defaultValue={grade ? String(grade) : ""}
          emptyLabel={t("assessments.chooseGrade")}
          options={GRADES.map((value) => ({ value: String(value), label: t("assessments.gradeLabel", { grade: value }) }))}
        />
        <button type="submit" className="btn-secondary">
          {t("assessments.choose")}
        </button>
      </Form>
      {subject && grade ? (
        <Form method="post" className="card space-y-4" noValidate>
          {errors.form ? <Notice tone="error">{errors.form}</Notice> : null}
          <input type="hidden" name="subject" value={subject} />
          <input type="hidden" name="grade" value={grade} />
          <Field
            label={t("assessments.testTitle")}
            name="title"
            required
            defaultValue={`Kiểm tra ${subjectName} ${grade}`}
            error={errors.title}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label={t("assessments.purpose")}
              name="purpose"
              defaultValue="mid_term"
              options={ASSESSMENT_PURPOSES.map((value) => ({ value, label: t(`assessments.purposes.${value}`) }))}
            />
            <SelectField
              label={t("assessments.rounding")}
              name="rounding"
              defaultValue="none"
              options={ROUNDING_POLICIES.map((value) => ({ value, label: t(`assessments.roundings.${value}`) }))}
            />
          </div>
          <SelectField
            label={t("assessments.preset")}
            name="preset"
            defaultValue={BLUEPRINT_PRESETS.find((preset) => preset.subjects.includes(subject))?.id ?? "school_periodic"}
            options={[
              ...BLUEPRINT_PRESETS.map((preset) => ({ value: preset.id, label: t(`assessments.presets.${preset.id}`) })),
              { value: "", label: t("assessments.byHand") },
            ]}
          />
          <fieldset className="space-y-2">
            <legend className="field-label">{t("assessments.topics")}</legend>
            {topics.length === 0 ? <p className="text-sm text-muted">{t("assessments.noTopics")}</p> : null}
            {topics.map((topic) => (
              <label key={topic.id} className="flex items-start gap-2">
                <input type="checkbox" name="topicIds" value={topic.id} className="mt-1 h-5 w-5" />
                <span>{topic.name}</span>
              </label>
            ))}
            <FieldError id="topicIds-error" message={errors.topicIds} />
          </fieldset>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("assessments.createAndOpen")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

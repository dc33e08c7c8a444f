import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  assignAssessmentSchema,
  blueprintSchema,
  generateVersionsSchema,
  SHOW_RESULTS,
  type Blueprint,
  type BlueprintCell,
} from "#content-schemas/assessments";
import { SECTION_ORDER } from "#content-schemas/assessments";
import type { QuestionType } from "#content-schemas/questions";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import {
  assessmentView,
  checkBlueprint,
  findAssessment,
  generateVersions,
  removeItem,
  saveBlueprint,
} from "~/domain/assessments/assessments.server";
import { assignAssessment, assignmentsOf, studentsOfTaughtClasses } from "~/domain/assessments/assignments.server";
import { blueprintProblems, blueprintTotals, formatPoints, levelsOf } from "~/domain/assessments/blueprint";
import { listTopics } from "~/domain/curriculum/topics.server";
import { classesTaughtBy } from "~/domain/sharing/class-use.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assessment.title ?? "Bài kiểm tra"} — Kho Học Liệu` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const stored = await findAssessment(actor, params.assessmentId ?? "");
  if (!stored) throw new Response("Không tìm thấy bài kiểm tra.", { status: 404 });
  const assessment = assessmentView(stored);
  const [topics, assignments, classes, students] = await Promise.all([
    listTopics(assessment.subject, assessment.grade),
    assignmentsOf(actor, assessment.id),
    classesTaughtBy(actor),
    studentsOfTaughtClasses(actor),
  ]);
  const coverage =
    assessment.blueprint && !assessment.locked
      ? await checkBlueprint(actor, { subjectCode: assessment.subject, grade: assessment.grade, blueprint: assessment.blueprint })
      : null;
  return {
    assessment,
    topicNames: Object.fromEntries(topics.map((topic) => [topic.id, topic.name])),
    coverage,
    assignments: assignments ?? [],
    classes: classes.map(({ id, name, schoolYear }) => ({ id, name, schoolYear })),
    students,
  };
}

type ActionData = {
  errors?: Record<string, string>;
  message?: string;
  unfillable?: { topicId: string; format: string; level: string; needed: number; available: number }[];
};

/** The blueprint as edited in the grid: counts per cell, points per format, outcomes per level, rows added or removed. */
function blueprintFromForm(form: FormData, current: Blueprint): Blueprint {
  const formats = blueprintFormats(current);
  const levels = levelsOf(current.levelScale);
  const rows = current.rows
    .map((row, rowIndex) => ({
      ...row,
      cells: formats
        .flatMap((format) =>
          levels.map((level): BlueprintCell => ({
            format,
            level,
            count: Number(form.get(`c.${rowIndex}.${format}.${level}`) || 0),
            pointsEach: Number(String(form.get(`p.${format}`) ?? "").replace(",", ".")),
          })),
        )
        .filter((cell) => cell.count !== 0),
      outcomes: Object.fromEntries(
        levels.map((level) => [level, String(form.get(`o.${rowIndex}.${level}`) ?? "").trim()]).filter(([, text]) => text),
      ),
    }))
    .filter((_, rowIndex) => form.get(`remove.${rowIndex}`) !== "on");
  const added = String(form.get("addTopicId") ?? "");
  if (added && !rows.some((row) => row.topicId === added)) rows.push({ topicId: added, cells: [], outcomes: {} });
  return { ...current, rows };
}

/** A datetime-local value is Vietnam time (the school's clock): give it its offset. */
const vietnamTime = (value: FormDataEntryValue | null) => (value ? `${String(value)}:00+07:00` : "");

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const assessmentId = params.assessmentId ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "blueprint") {
    const stored = await findAssessment(actor, assessmentId, "update");
    if (!stored?.blueprint) throw new Response("Không tìm thấy bài kiểm tra.", { status: 404 });
    const parsed = blueprintSchema.safeParse(blueprintFromForm(form, blueprintSchema.parse(stored.blueprint)));
    if (!parsed.success)
      return Response.json({ errors: { blueprint: parsed.error.issues[0]?.message ?? "" } } satisfies ActionData, {
        status: 400,
      });
    const saved = await saveBlueprint(actor, assessmentId, parsed.data);
    if (!saved.ok) return Response.json({ errors: { blueprint: saved.reason } } satisfies ActionData, { status: saved.status });
    return Response.json({ message: "blueprintSaved" } satisfies ActionData);
  }
  if (intent === "generate") {
    const parsed = generateVersionsSchema.safeParse({
      versions: Number(form.get("versions")),
      firstCode: Number(form.get("firstCode") || 101),
      redraw: form.get("redraw") === "on",
      forClassId: form.get("forClassId") || undefined,
    });
    if (!parsed.success)
      return Response.json({ errors: { generate: parsed.error.issues[0]?.message ?? "" } } satisfies ActionData, { status: 400 });
    const { result, unfillable } = await generateVersions(actor, assessmentId, parsed.data);
    if (!result.ok)
      return Response.json({ errors: { generate: result.reason }, unfillable } satisfies ActionData, { status: result.status });
    return Response.json({ message: "generated" } satisfies ActionData);
  }
  if (intent === "remove-item") {
    const removed = await removeItem(actor, assessmentId, String(form.get("itemKey") ?? ""));
    if (!removed.ok) return Response.json({ errors: { items: removed.reason } } satisfies ActionData, { status: removed.status });
    return Response.json({ message: "itemRemoved" } satisfies ActionData);
  }
  if (intent === "assign") {
    const extraStudentId = String(form.get("extraStudentId") ?? "");
    const parsed = assignAssessmentSchema.safeParse({
      classId: form.get("classId"),
      opensAt: vietnamTime(form.get("opensAt")),
      closesAt: vietnamTime(form.get("closesAt")),
      timeLimitMinutes: Number(form.get("timeLimitMinutes")),
      maxAttempts: Number(form.get("maxAttempts") || 1),
      accessCode: form.get("accessCode") ?? "",
      allowedIpRanges: String(form.get("allowedIpRanges") ?? "")
        .split(/[\s,;]+/)
        .filter(Boolean),
      showResults: form.get("showResults"),
      accommodations: extraStudentId ? [{ studentId: extraStudentId, extraMinutes: Number(form.get("extraMinutes")) }] : [],
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "assign")] ??= issue.message;
      return Response.json({ errors } satisfies ActionData, { status: 400 });
    }
    const assigned = await assignAssessment(actor, assessmentId, parsed.data);
    if (!assigned.ok)
      return Response.json({ errors: { assign: assigned.reason } } satisfies ActionData, { status: assigned.status });
    return Response.json({ message: "assigned" } satisfies ActionData);
  }
  throw new Response("Thao tác không hợp lệ.", { status: 400 });
}

/** The formats a blueprint uses, in section order. */
function blueprintFormats(blueprint: Blueprint): QuestionType[] {
  const used = new Set(blueprint.rows.flatMap((row) => row.cells.map((cell) => cell.format)));
  return SECTION_ORDER.filter((format) => used.has(format));
}

export default function AssessmentPage() {
  const { t } = useTranslation();
  const { assessment, topicNames, coverage, assignments, classes, students } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const errors = data?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const blueprint = assessment.blueprint;
  const formats = blueprint ? blueprintFormats(blueprint) : [];
  const levels = blueprint ? levelsOf(blueprint.levelScale) : [];
  const totals = blueprint ? blueprintTotals(blueprint) : null;
  const problems = blueprint ? blueprintProblems(blueprint) : [];
  const available = (topicId: string, format: string, level: string) =>
    coverage?.cells.find((cell) => cell.topicId === topicId && cell.format === format && cell.level === level);
  const unfillable = data?.unfillable ?? coverage?.unfillable ?? [];
  const topicChoices = Object.entries(topicNames)
    .filter(([id]) => !blueprint?.rows.some((row) => row.topicId === id))
    .map(([id, name]) => ({ id, name }));
  return (
    <section className="mx-auto max-w-5xl space-y-6" aria-labelledby="assessment-title">
      <header className="space-y-1">
        <h1 id="assessment-title" className="text-2xl font-bold text-brand-900">
          {assessment.title}
        </h1>
        <p className="text-sm text-muted">
          {t(`assessments.purposes.${assessment.purpose}`)} · {t("assessments.gradeLabel", { grade: assessment.grade })} ·{" "}
          {t("assessments.totalPoints", { points: formatPoints(assessment.totalPoints) })}
          {assessment.locked ? ` · ${t("assessments.lockedNote")}` : ""}
        </p>
      </header>
      {data?.message ? <Notice tone="success">{t(`assessments.done.${data.message}`)}</Notice> : null}

      {blueprint ? (
        <section aria-labelledby="blueprint-title" className="space-y-3">
          <h2 id="blueprint-title" className="text-xl font-semibold">
            {t("assessments.blueprint")}
          </h2>
          {errors.blueprint ? <Notice tone="error">{errors.blueprint}</Notice> : null}
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="blueprint" />
            <div className="overflow-x-auto">
              <table className="min-w-full border-collapse text-sm">
                <caption className="sr-only">{t("assessments.blueprintCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2} className="border p-1 text-left">
                      {t("assessments.topic")}
                    </th>
                    {formats.map((format) => (
                      <th key={format} scope="colgroup" colSpan={levels.length} className="border p-1">
                        {t(`questions.types.${format}`)}
                        <label className="mt-1 block text-xs font-normal">
                          {t("assessments.pointsEach")}{" "}
                          <input
                            name={`p.${format}`}
                            defaultValue={formatPoints(
                              blueprint.rows.flatMap((row) => row.cells).find((cell) => cell.format === format)?.pointsEach ??
                                0.25,
                            )}
                            inputMode="decimal"
                            className="w-14 rounded border px-1"
                            disabled={assessment.locked}
                          />
                        </label>
                      </th>
                    ))}
                  </tr>
                  <tr>
                    {formats.flatMap((format) =>
                      levels.map((level) => (
                        <th key={`${format}-${level}`} scope="col" className="border p-1 text-xs">
                          {t(`questions.levels.${level}`)}
                        </th>
                      )),
                    )}
                  </tr>
                </thead>
                <tbody>
                  {blueprint.rows.map((row, rowIndex) => (
                    <tr key={row.topicId}>
                      <th scope="row" className="border p-1 text-left align-top font-normal">
                        {topicNames[row.topicId] ?? row.topicId}
                        {!assessment.locked ? (
                          <>
                            <details className="mt-1 text-xs">
                              <summary className="cursor-pointer underline">{t("assessments.specification")}</summary>
                              {levels.map((level) => (
                                <label key={level} className="mt-1 block">
                                  {t(`questions.levels.${level}`)}
                                  <textarea
                                    name={`o.${rowIndex}.${level}`}
                                    defaultValue={row.outcomes[level] ?? ""}
                                    rows={2}
                                    className="field-input text-xs"
                                  />
                                </label>
                              ))}
                            </details>
                            <label className="mt-1 flex items-center gap-1 text-xs">
                              <input type="checkbox" name={`remove.${rowIndex}`} />
                              {t("assessments.removeRow")}
                            </label>
                          </>
                        ) : null}
                      </th>
                      {formats.flatMap((format) =>
                        levels.map((level) => {
                          const count = row.cells.find((cell) => cell.format === format && cell.level === level)?.count ?? 0;
                          const cell = available(row.topicId, format, level);
                          const short = cell && cell.available < cell.needed;
                          const label = t("assessments.cellLabel", {
                            topic: topicNames[row.topicId] ?? "",
                            format: t(`questions.types.${format}`),
                            level: t(`questions.levels.${level}`),
                          });
                          return (
                            <td key={`${format}-${level}`} className={`border p-1 text-center ${short ? "bg-red-50" : ""}`}>
                              <input
                                name={`c.${rowIndex}.${format}.${level}`}
                                defaultValue={count}
                                type="number"
                                min={0}
                                max={60}
                                aria-label={label}
                                className="w-12 rounded border px-1"
                                disabled={assessment.locked}
                              />
                              {cell ? (
                                <span className={`block text-xs ${short ? "font-semibold text-red-800" : "text-muted"}`}>
                                  {t("assessments.inBank", { count: cell.available })}
                                </span>
                              ) : null}
                            </td>
                          );
                        }),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {!assessment.locked && topicChoices.length ? (
              <SelectField
                label={t("assessments.addTopic")}
                name="addTopicId"
                emptyLabel={t("assessments.noTopicAdded")}
                options={topicChoices.map((topic) => ({ value: topic.id, label: topic.name }))}
              />
            ) : null}
            {totals ? (
              <p className="text-sm">{t("assessments.totals", { items: totals.items, points: formatPoints(totals.points) })}</p>
            ) : null}
            {problems.map((problem) => (
              <Notice key={problem} tone="error">
                {problem}
              </Notice>
            ))}
            {!assessment.locked ? (
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("assessments.saveBlueprint")}
              </button>
            ) : null}
          </Form>
        </section>
      ) : null}

      {!assessment.locked ? (
        <section aria-labelledby="generate-title" className="card space-y-3">
          <h2 id="generate-title" className="text-xl font-semibold">
            {t("assessments.generateTitle")}
          </h2>
          {unfillable.length ? (
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm">
              <p className="font-semibold">{t("assessments.unfillable", { count: unfillable.length })}</p>
              <ul className="list-disc pl-5">
                {unfillable.map((cell) => (
                  <li key={`${cell.topicId}-${cell.format}-${cell.level}`}>
                    {t("assessments.unfillableCell", {
                      topic: topicNames[cell.topicId] ?? cell.topicId,
                      format: t(`questions.types.${cell.format}`),
                      level: t(`questions.levels.${cell.level}`),
                      needed: cell.needed,
                      available: cell.available,
                    })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {errors.generate ? <Notice tone="error">{errors.generate}</Notice> : null}
          <Form method="post" className="grid gap-3 sm:grid-cols-4 sm:items-end">
            <input type="hidden" name="intent" value="generate" />
            <Field label={t("assessments.versions")} name="versions" type="number" min={1} max={24} defaultValue={4} required />
            <Field label={t("assessments.firstCode")} name="firstCode" type="number" min={1} defaultValue={101} />
            {assessment.blueprint && classes.length ? (
              <SelectField
                label={t("assessments.forClass")}
                name="forClassId"
                emptyLabel={t("assessments.anyClass")}
                options={classes.map((schoolClass) => ({ value: schoolClass.id, label: schoolClass.name }))}
              />
            ) : null}
            {assessment.blueprint && assessment.items.length ? (
              <label className="flex items-center gap-2">
                <input type="checkbox" name="redraw" className="h-5 w-5" />
                {t("assessments.redraw")}
              </label>
            ) : null}
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("assessments.generate")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="items-title" className="space-y-2">
        <h2 id="items-title" className="text-xl font-semibold">
          {t("assessments.items", { count: assessment.items.length })}
        </h2>
        {errors.items ? <Notice tone="error">{errors.items}</Notice> : null}
        {assessment.items.length === 0 ? <p className="text-muted">{t("assessments.noItems")}</p> : null}
        <ol className="space-y-1">
          {assessment.items.map((item) => (
            <li key={item.key} className="flex flex-wrap items-start justify-between gap-2 border-b border-gray-200 py-1">
              <span>
                <span className="font-semibold">{t("assessments.itemNumber", { number: item.number })}</span>{" "}
                <Link to={`/questions/${item.questionId}`} className="underline">
                  {item.stemText || t("assessments.noStem")}
                </Link>
                <span className="block text-xs text-muted">
                  {t(`questions.types.${item.type}`)} · {t(`questions.levels.${item.level}`)} · {formatPoints(item.points)}{" "}
                  {t("assessments.pointsUnit")}
                </span>
              </span>
              {!assessment.locked ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-item" />
                  <input type="hidden" name="itemKey" value={item.key} />
                  <button
                    type="submit"
                    className="text-sm underline"
                    aria-label={t("assessments.removeItemLabel", { number: item.number })}
                  >
                    {t("assessments.removeItem")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {assessment.versions.length ? (
        <section aria-labelledby="versions-title" className="card space-y-2">
          <h2 id="versions-title" className="text-xl font-semibold">
            {t("assessments.versionsTitle")}
          </h2>
          <p>{assessment.versions.map((version) => version.code).join(", ")}</p>
          <p className="flex flex-wrap gap-4">
            <a href={`/assessments/${assessment.id}/print?answers=0`} className="underline" download>
              {t("assessments.printDocx")}
            </a>
            <a href={`/assessments/${assessment.id}/print?answers=1`} className="underline" download>
              {t("assessments.printDocxKey")}
            </a>
            <a href={`/assessments/${assessment.id}/print?answers=1&format=pdf`} className="underline" download>
              {t("assessments.printPdf")}
            </a>
          </p>
        </section>
      ) : null}

      {assessment.versions.length ? (
        <section aria-labelledby="assign-title" className="card space-y-3">
          <h2 id="assign-title" className="text-xl font-semibold">
            {t("assessments.assignTitle")}
          </h2>
          {errors.assign ? <Notice tone="error">{errors.assign}</Notice> : null}
          {classes.length === 0 ? (
            <Notice tone="error">{t("sharing.noClasses")}</Notice>
          ) : (
            <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
              <input type="hidden" name="intent" value="assign" />
              <SelectField
                label={t("assessments.class")}
                name="classId"
                options={classes.map((schoolClass) => ({
                  value: schoolClass.id,
                  label: `${schoolClass.name} (${schoolClass.schoolYear})`,
                }))}
              />
              <Field
                label={t("assessments.timeLimit")}
                name="timeLimitMinutes"
                type="number"
                min={1}
                max={300}
                defaultValue={45}
                error={errors.timeLimitMinutes}
              />
              <Field label={t("assessments.opensAt")} name="opensAt" type="datetime-local" required error={errors.opensAt} />
              <Field label={t("assessments.closesAt")} name="closesAt" type="datetime-local" required error={errors.closesAt} />
              <Field label={t("assessments.maxAttempts")} name="maxAttempts" type="number" min={1} max={10} defaultValue={1} />
              <Field
                label={t("assessments.accessCode")}
                name="accessCode"
                autoComplete="off"
                hint={t("assessments.accessCodeHint")}
                error={errors.accessCode}
              />
              <SelectField
                label={t("assessments.showResults")}
                name="showResults"
                defaultValue="after_close"
                options={SHOW_RESULTS.map((value) => ({ value, label: t(`assessments.showResultsOptions.${value}`) }))}
              />
              <div>
                <label htmlFor="allowedIpRanges" className="field-label">
                  {t("assessments.ipRanges")}
                </label>
                <textarea
                  id="allowedIpRanges"
                  name="allowedIpRanges"
                  rows={2}
                  className="field-input"
                  aria-describedby="ip-hint"
                />
                <p id="ip-hint" className="mt-1 text-sm text-muted">
                  {errors.allowedIpRanges ?? t("assessments.ipRangesHint")}
                </p>
              </div>
              <SelectField
                label={t("assessments.extraTimeStudent")}
                name="extraStudentId"
                emptyLabel={t("assessments.nobody")}
                options={students.map((student) => ({ value: student.id, label: `${student.fullName} (${student.className})` }))}
              />
              <Field
                label={t("assessments.extraMinutes")}
                name="extraMinutes"
                type="number"
                min={1}
                max={240}
                defaultValue={15}
              />
              <div className="sm:col-span-2">
                <button type="submit" className="btn-primary" disabled={busy}>
                  {t("assessments.assign")}
                </button>
              </div>
            </Form>
          )}
        </section>
      ) : null}

      {assignments.length ? (
        <section aria-labelledby="assignments-title" className="space-y-2">
          <h2 id="assignments-title" className="text-xl font-semibold">
            {t("assessments.assignmentsTitle")}
          </h2>
          <ul className="space-y-2">
            {assignments.map((assignment) => (
              <li key={assignment.id} className="card flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-semibold">{assignment.className}</span> ·{" "}
                  {t("assessments.submittedCount", { submitted: assignment.submitted, students: assignment.students })}
                </span>
                <span className="flex gap-4">
                  <Link to={`/assessments/results/${assignment.id}`} className="underline">
                    {t("assessments.results")}
                  </Link>
                  <Link to={`/assessments/grading/${assignment.id}`} className="underline">
                    {t("assessments.grading")}
                  </Link>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

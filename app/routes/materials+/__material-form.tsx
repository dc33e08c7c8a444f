import type { LinksFunction } from "@remix-run/node";
import { Form, useNavigation } from "@remix-run/react";
import katexStyles from "katex/dist/katex.min.css?url";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Subject } from "#content-schemas/curriculum";
import { emptyLectureDoc, type LectureDoc } from "#content-schemas/lecture";
import { isFileKind, LICENCES, MATERIAL_LANGUAGES, type Licence, type MaterialKind } from "#content-schemas/materials";
import { Field, FieldError, SelectField } from "~/components/field";
import type { CompletedUpload } from "~/components/file-upload";
import { lectureEditorLabelsEn, lectureEditorLabelsVi } from "~/components/lecture-editor-labels";

import lectureStyles from "~/styles/lecture.css?url";
import { callApi } from "~/utils/api-client";

/** Styles the form's lecture editor needs (formulas are laid out by KaTeX's stylesheet). */
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: lectureStyles },
];

// The editor (tiptap, KaTeX) and the uploader (Uppy) are large; each kind of material loads only the one it uses.
const LectureEditor = lazy(() => import("~/components/lecture-editor").then((module) => ({ default: module.LectureEditor })));
const FileUpload = lazy(() => import("~/components/file-upload").then((module) => ({ default: module.FileUpload })));

export interface MaterialFormValues {
  title: string;
  summary: string;
  subjectCode: string;
  grades: number[];
  topicIds: string[];
  language: string;
  licence: Licence;
  authors: string[];
  body?: LectureDoc | null;
  url?: string | null;
  file?: CompletedUpload | null;
}

interface TopicOption {
  id: string;
  name: string;
  grade: number;
}

/** Topics of the chosen subject in the chosen grades, from the public curriculum API. */
function useTopics(subjectCode: string, grades: number[]) {
  const [topics, setTopics] = useState<TopicOption[]>([]);
  const gradeKey = grades.join(",");
  useEffect(() => {
    if (!subjectCode || !gradeKey) return;
    const controller = new AbortController();
    void Promise.all(
      gradeKey.split(",").map(async (grade) => {
        const response = await fetch(`/api/v1/curriculum/topics?subject=${subjectCode}&grade=${grade}`, {
          signal: controller.signal,
        });
        const { items } = (await response.json()) as { items: { id: string; name: string; grade: number }[] };
        return items;
      }),
    )
      .then((lists) => setTopics(lists.flat()))
      .catch(() => undefined);
    return () => controller.abort();
  }, [subjectCode, gradeKey]);
  return subjectCode && gradeKey ? topics : [];
}

/** Uploads an image for a lecture through the same direct-to-storage flow, in one part. */
async function uploadLectureImage(file: File): Promise<{ src: string; alt?: string }> {
  const upload = await callApi<{ id: string }>("/api/v1/uploads", {
    method: "POST",
    body: JSON.stringify({ purpose: "lecture_image", fileName: file.name, size: file.size }),
  });
  const { url } = await callApi<{ url: string }>(`/api/v1/uploads/${upload.id}/parts/1`);
  const put = await fetch(url, { method: "PUT", body: file });
  const etag = put.headers.get("ETag");
  if (!put.ok || !etag) throw new Error("Không gửi được ảnh lên kho lưu trữ.");
  await callApi(`/api/v1/uploads/${upload.id}/complete`, {
    method: "POST",
    body: JSON.stringify({ parts: [{ partNumber: 1, etag }] }),
  });
  return { src: `/media/${upload.id}`, alt: file.name.replace(/\.[^.]+$/, "") };
}

export function MaterialForm({
  kind,
  values,
  subjects,
  errors,
  submitLabel,
}: {
  kind: MaterialKind;
  values: MaterialFormValues;
  subjects: Subject[];
  errors?: Record<string, string>;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const [subjectCode, setSubjectCode] = useState(values.subjectCode);
  const [grades, setGrades] = useState<number[]>(values.grades);
  const [uploadReady, setUploadReady] = useState(Boolean(values.file));
  const subject = subjects.find((candidate) => candidate.code === subjectCode);
  const topics = useTopics(subjectCode, grades);
  const english = i18n.language === "en";

  return (
    <Form method="post" className="card space-y-5" noValidate>
      <input type="hidden" name="kind" value={kind} />
      {errors?.form ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {errors.form}
        </p>
      ) : null}

      {kind === "lecture" ? (
        <div>
          <p id="lecture-body-label" className="field-label">
            {t("materials.form.body")}
          </p>
          <Suspense fallback={<p className="field-input min-h-40 text-muted">{t("materials.form.loading")}</p>}>
            <LectureEditor
              name="body"
              initialDoc={values.body ?? emptyLectureDoc}
              labelledBy="lecture-body-label"
              onUploadImage={uploadLectureImage}
              labels={english ? lectureEditorLabelsEn : lectureEditorLabelsVi}
            />
          </Suspense>
          <FieldError id="body-error" message={errors?.body} />
        </div>
      ) : null}
      {kind === "link" ? (
        <Field
          label={t("materials.form.url")}
          name="url"
          type="url"
          inputMode="url"
          defaultValue={values.url ?? ""}
          error={errors?.url}
          required
        />
      ) : null}
      {isFileKind(kind) ? (
        <div>
          <p id="file-label" className="field-label">
            {t("materials.form.file")}
          </p>
          <Suspense fallback={<p className="text-sm text-muted">{t("materials.form.loading")}</p>}>
            <FileUpload
              purpose={kind}
              name="uploadId"
              labelledBy="file-label"
              initial={values.file}
              onChange={(upload) => setUploadReady(Boolean(upload))}
            />
          </Suspense>
          <FieldError id="upload-error" message={errors?.uploadId} />
        </div>
      ) : null}

      <Field
        label={t("materials.form.title")}
        name="title"
        defaultValue={values.title}
        error={errors?.title}
        required
        maxLength={200}
      />
      <div>
        <label htmlFor="summary" className="field-label">
          {t("materials.form.summary")}
        </label>
        <textarea id="summary" name="summary" rows={3} className="field-input" defaultValue={values.summary} maxLength={2000} />
        <FieldError id="summary-error" message={errors?.summary} />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <SelectField
            label={t("materials.form.subject")}
            name="subjectCode"
            value={subjectCode}
            onChange={(event) => {
              setSubjectCode(event.currentTarget.value);
              setGrades([]);
            }}
            emptyLabel={t("materials.form.chooseSubject")}
            options={subjects.map((option) => ({ value: option.code, label: english ? option.nameEn : option.name }))}
            aria-invalid={errors?.subjectCode ? true : undefined}
            aria-describedby={errors?.subjectCode ? "subject-error" : undefined}
          />
          <FieldError id="subject-error" message={errors?.subjectCode} />
        </div>
        <SelectField
          label={t("materials.form.language")}
          name="language"
          defaultValue={values.language}
          options={MATERIAL_LANGUAGES.map((language) => ({ value: language, label: t(`materials.languages.${language}`) }))}
        />
      </div>

      <fieldset>
        <legend className="field-label">{t("materials.form.grades")}</legend>
        <div className="flex flex-wrap gap-3">
          {(subject?.grades ?? []).map((grade) => (
            <label key={grade} className="inline-flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name="grades"
                value={grade}
                checked={grades.includes(grade)}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setGrades((current) =>
                    checked ? [...current, grade].sort((a, b) => a - b) : current.filter((g) => g !== grade),
                  );
                }}
              />
              {t("materials.form.grade", { grade })}
            </label>
          ))}
          {!subject ? <p className="text-sm text-muted">{t("materials.form.chooseSubjectFirst")}</p> : null}
        </div>
        <FieldError id="grades-error" message={errors?.grades} />
      </fieldset>

      {topics.length > 0 ? (
        <fieldset>
          <legend className="field-label">{t("materials.form.topics")}</legend>
          <div className="max-h-64 space-y-1 overflow-y-auto rounded border border-slate-200 p-2">
            {topics.map((topic) => (
              <label key={topic.id} className="flex items-start gap-2 py-1">
                <input
                  type="checkbox"
                  name="topicIds"
                  value={topic.id}
                  defaultChecked={values.topicIds.includes(topic.id)}
                  className="mt-1"
                />
                <span>
                  {topic.name} <span className="text-sm text-muted">({t("materials.form.grade", { grade: topic.grade })})</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="topics-error" message={errors?.topicIds} />
        </fieldset>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("materials.form.licence")}
          name="licence"
          defaultValue={values.licence}
          options={LICENCES.map((licence) => ({
            value: licence,
            label: t(`materials.licences.${licence.replaceAll(".", "_")}`),
          }))}
        />
        <div>
          <label htmlFor="authors" className="field-label">
            {t("materials.form.authors")}
          </label>
          <input
            id="authors"
            name="authors"
            className="field-input"
            defaultValue={values.authors.join(", ")}
            aria-describedby="authors-hint"
          />
          <p id="authors-hint" className="mt-1 text-sm text-muted">
            {t("materials.form.authorsHint")}
          </p>
        </div>
      </div>

      <button
        type="submit"
        className="btn-primary"
        disabled={navigation.state !== "idle" || (isFileKind(kind) && !uploadReady && !values.file)}
      >
        {submitLabel}
      </button>
    </Form>
  );
}

import type { LinksFunction } from "@remix-run/node";
import { Form, useNavigation } from "@remix-run/react";
import katexStyles from "katex/dist/katex.min.css?url";
import { useTranslation } from "react-i18next";
import type { Subject } from "#content-schemas/curriculum";
import type { QuestionDraft } from "#content-schemas/questions";
import { Notice } from "~/components/notice";
import { QuestionEditor, questionEditorLabelsEn, questionEditorLabelsVi } from "~/components/question-editor";
import lectureStyles from "~/styles/lecture.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: lectureStyles },
];

export interface QuestionFormResult {
  errors?: Record<string, string>;
  error?: string;
  duplicate?: boolean;
}

/** The page form around the question editor, shared by "new" and "edit". */
export function QuestionForm({
  initial,
  subjects,
  result,
}: {
  initial?: Partial<QuestionDraft> | null;
  subjects: readonly Subject[];
  result?: QuestionFormResult;
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  return (
    <Form method="post" className="space-y-4">
      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      <QuestionEditor
        name="question"
        initial={initial}
        subjects={subjects}
        labels={i18n.language === "en" ? questionEditorLabelsEn : questionEditorLabelsVi}
        errors={result?.errors}
      />
      {result?.duplicate ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="allowDuplicate" className="h-5 w-5" />
          {t("questions.form.allowDuplicate")}
        </label>
      ) : null}
      <button type="submit" className="btn-primary" disabled={navigation.state !== "idle"}>
        {t("questions.form.save")}
      </button>
    </Form>
  );
}

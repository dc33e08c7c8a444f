import { assignReviewSchema, REVIEW_CRITERIA, reviewDecisionSchema } from "#content-schemas/review";
import { parseValues } from "~/utils/form.server";

/** The review screen posts, per criterion, `pass.<criterion>` = pass | fail and `comment.<criterion>`. */
export function parseDecisionForm(formData: FormData) {
  const verdict = (value: FormDataEntryValue | null) => (value === "pass" ? true : value === "fail" ? false : undefined);
  return parseValues(
    {
      decision: formData.get("decision"),
      message: formData.get("message") ?? "",
      criteria: REVIEW_CRITERIA.map((criterion) => ({
        criterion,
        pass: verdict(formData.get(`pass.${criterion}`)),
        comment: formData.get(`comment.${criterion}`) ?? "",
      })),
    },
    reviewDecisionSchema,
  );
}

export const parseAssignForm = (formData: FormData) =>
  parseValues({ reviewerId: formData.get("reviewerId"), dueAt: formData.get("dueAt") }, assignReviewSchema);

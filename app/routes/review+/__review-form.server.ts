import { redirect } from "@remix-run/node";
import { assignReviewSchema, REVIEW_CRITERIA, reviewDecisionSchema, type ReviewDecision } from "#content-schemas/review";
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

type StepOutcome = { ok: true } | { ok: false; status: number; reason: string };

/**
 * The review screen's post: an assignment or a decision, checked and handed to the item's workflow. A finished task
 * leaves the person's queue, so success goes back to the queue with the outcome.
 */
export async function handleReviewForm(
  formData: FormData,
  steps: {
    assign: (assignment: { reviewerId: string; dueAt: Date }) => Promise<StepOutcome>;
    decide: (decision: ReviewDecision) => Promise<StepOutcome>;
  },
) {
  if (formData.get("intent") === "assign") {
    const form = parseAssignForm(formData);
    if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
    const result = await steps.assign({
      reviewerId: form.data.reviewerId,
      dueAt: new Date(`${form.data.dueAt}T23:59:59+07:00`),
    });
    if (!result.ok) return Response.json({ errors: { form: result.reason } }, { status: result.status });
    return redirect("/review?done=assigned");
  }
  const form = parseDecisionForm(formData);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const result = await steps.decide(form.data);
  if (!result.ok) return Response.json({ errors: { form: result.reason } }, { status: result.status });
  return redirect(`/review?done=${form.data.decision}`);
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { classResults } from "~/domain/assessments/results.server";
import { apiHandler, notFoundProblem, jsonResponse } from "~/utils/api.server";

/** A class's results (one row per student) and the item analysis, for the test's teacher. */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const results = await classResults(actor, params.assignmentId ?? "");
  if (!results) return notFoundProblem(request);
  return jsonResponse(
    {
      className: results.className,
      schoolYear: results.schoolYear,
      rows: results.rows.map((row) => ({ ...row, submittedAt: row.submittedAt?.toISOString() ?? null })),
      analysis: results.analysis,
      items: results.items,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportQuestionsQuerySchema } from "#content-schemas/question-import";
import { requireApiActor } from "~/auth/session.server";
import { exportQuestions } from "~/domain/questions/import-export.server";
import { apiHandler, parseQuery, problem } from "~/utils/api.server";

/** The chosen questions as a Word file (with equations), Moodle XML, GIFT or a QTI 3.0 package. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const { ids, format, answers } = parseQuery(request, exportQuestionsQuerySchema);
  const result = await exportQuestions(actor, ids, format, answers);
  if (!result.ok) return problem(result.status, result.reason);
  const { body } = result.value;
  return new Response(typeof body === "string" ? body : Buffer.from(body), {
    headers: {
      "Content-Type": result.value.mimeType,
      "Content-Disposition": `attachment; filename="${result.value.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});

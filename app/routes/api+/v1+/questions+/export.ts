import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportQuestionsQuerySchema } from "#content-schemas/question-import";
import { requireApiActor } from "~/auth/session.server";
import { exportQuestions } from "~/domain/questions/import-export.server";
import { apiHandler, problem } from "~/utils/api.server";

/**
 * The chosen questions as a Word file (with equations), Moodle XML, GIFT or a QTI 3.0 package. `ids` is
 * comma separated or repeated (the bank browser's checkboxes submit it repeated).
 */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const parsed = exportQuestionsQuerySchema.safeParse({
    format: url.searchParams.get("format") ?? undefined,
    answers: url.searchParams.get("answers") ?? undefined,
    ids: url.searchParams.getAll("ids").join(","),
  });
  if (!parsed.success) return problem(400, parsed.error.issues[0]?.message ?? "Tham số truy vấn không hợp lệ.");
  const { ids, format, answers } = parsed.data;
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

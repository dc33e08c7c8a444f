import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { saveQuestionSchema } from "#content-schemas/questions";
import { requireApiActor } from "~/auth/session.server";
import { bulkQuestionAction, getQuestion, updateQuestion } from "~/domain/questions/questions.server";
import { apiHandler, methodNotAllowed, notFoundProblem, parseJsonBody, problem, respond, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const question = await getQuestion(actor, params.questionId ?? "");
  if (!question) return notFoundProblem(request);
  return jsonResponse(question, { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireApiActor(request);
  const questionId = params.questionId ?? "";
  if (request.method === "PUT") {
    const { question, allowDuplicate } = await parseJsonBody(request, saveQuestionSchema);
    return respond(await updateQuestion(actor, questionId, question, { allowDuplicate }));
  }
  if (request.method === "DELETE") {
    if (!(await getQuestion(actor, questionId))) return notFoundProblem(request);
    const { changed } = await bulkQuestionAction(actor, { action: "delete", ids: [questionId] });
    if (changed === 1) return new Response(null, { status: 204 });
    return problem(403, "Chỉ xoá được câu hỏi của mình chưa từng được duyệt.");
  }
  return methodNotAllowed(request, ["GET", "PUT", "DELETE"]);
});

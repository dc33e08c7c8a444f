import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listQuestionsQuerySchema, saveQuestionSchema } from "#content-schemas/questions";
import { requireApiActor } from "~/auth/session.server";
import { createQuestion, listQuestions } from "~/domain/questions/questions.server";
import { apiHandler, methodNotAllowed, parseJsonBody, parseQuery, respond, jsonResponse } from "~/utils/api.server";

/** The question bank as this person may see it: filtered, paged, with counts per topic × level. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const query = parseQuery(request, listQuestionsQuerySchema);
  return jsonResponse(await listQuestions(actor, query), { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  const { question, allowDuplicate } = await parseJsonBody(request, saveQuestionSchema);
  return respond(await createQuestion(actor, question, { allowDuplicate }), 201);
});

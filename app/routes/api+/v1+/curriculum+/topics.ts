import { listTopicsQuerySchema } from "#content-schemas/curriculum";
import { listTopics } from "~/domain/curriculum/topics.server";
import { apiHandler, parseQuery, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request }) => {
  const { subject, grade } = parseQuery(request, listTopicsQuerySchema);
  return jsonResponse({ items: await listTopics(subject, grade) });
});

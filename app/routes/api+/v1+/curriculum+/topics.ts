import { listTopicsQuerySchema } from "#content-schemas/curriculum";
import { listTopics } from "~/domain/curriculum/topics.server";
import { apiHandler, parseQuery } from "~/utils/api.server";

export const loader = apiHandler(async ({ request }) => {
  const { subject, grade } = parseQuery(request, listTopicsQuerySchema);
  return Response.json({ items: await listTopics(subject, grade) });
});

import { listSubjectsQuerySchema } from "#content-schemas/curriculum";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { apiHandler, parseQuery, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request }) => {
  const query = parseQuery(request, listSubjectsQuerySchema);
  return jsonResponse({ items: await listSubjects(query) });
});

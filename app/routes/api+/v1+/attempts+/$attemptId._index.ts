import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { attemptView } from "~/domain/assessments/attempts.server";
import { apiHandler, notFoundProblem, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const deviceId = new URL(request.url).searchParams.get("deviceId") ?? undefined;
  const view = await attemptView(actor, params.attemptId ?? "", deviceId);
  if (!view) return notFoundProblem(request);
  return jsonResponse(view, { headers: { "Cache-Control": "no-store" } });
});

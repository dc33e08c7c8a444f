import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { attemptResult } from "~/domain/assessments/attempts.server";
import { apiHandler, respond } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await attemptResult(actor, params.attemptId ?? ""));
});

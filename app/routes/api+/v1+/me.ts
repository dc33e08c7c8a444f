import type { Me } from "#content-schemas/auth";
import { requireApiActor } from "~/auth/session.server";
import { apiHandler, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request }) => {
  const actor = await requireApiActor(request);
  const me: Me = {
    id: actor.id,
    username: actor.username,
    fullName: actor.fullName,
    email: actor.email,
    organisationId: actor.organisationId,
    mustChangePassword: actor.mustChangePassword,
    roles: actor.roles.map(({ role, organisationId }) => ({ role, organisationId })),
  };
  return jsonResponse(me, { headers: { "Cache-Control": "no-store" } });
});

import { checkHealth } from "~/services/health.server";
import { jsonResponse } from "~/utils/api.server";

export async function loader() {
  const health = await checkHealth();
  return jsonResponse(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

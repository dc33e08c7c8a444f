import { buildOpenApiDocument } from "#content-schemas/openapi";
import { APP_VERSION } from "~/config/version.server";

let document: string | undefined;

export function loader() {
  document ??= JSON.stringify(buildOpenApiDocument(APP_VERSION));
  return new Response(document, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}

// Files of an extracted H5P package (h5p.json, content, libraries) for the sandboxed player page
// (`h5p.$token.play.ts`). The page has an opaque origin, so its requests carry no cookie and come from
// origin "null": the token in the URL is the authorisation, and the responses allow any origin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readH5pPlayerToken } from "~/domain/materials/h5p-player-token.server";
import { storageResponse } from "~/utils/storage-response.server";

const SHARED_HEADERS = {
  // fetch() of the JSON files and fonts loaded by the libraries' CSS are CORS requests from origin "null".
  "Access-Control-Allow-Origin": "*",
  "Cross-Origin-Resource-Policy": "cross-origin",
  "X-Content-Type-Options": "nosniff",
  // A file opened directly (a library's script, an SVG) is an inert, script-less document.
  "Content-Security-Policy": "sandbox",
  "Referrer-Policy": "no-referrer",
};

function notFound() {
  return new Response("Không tìm thấy tệp.", {
    status: 404,
    headers: { ...SHARED_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The path inside the package a splat names, or null when it is empty or could leave the package. */
function packagePath(splat: string | undefined): string | null {
  if (!splat || splat.includes("\\") || splat.includes("\0")) return null;
  const segments = splat.split("/");
  return segments.some((segment) => segment === "" || segment === "." || segment === "..") ? null : splat;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const grant = readH5pPlayerToken(params.token ?? "");
  const path = packagePath(params["*"]);
  if (!grant || !path) return notFound();
  // The package of a version never changes (a new version gets a new prefix), and the token changes
  // hourly: cache for the token's lifetime, in the viewer's browser only.
  const response = await storageResponse(`${grant.h5pPrefix}/${path}`, request, { cacheControl: "private, max-age=21600" });
  for (const [name, value] of Object.entries(SHARED_HEADERS)) response.headers.set(name, value);
  return response;
}

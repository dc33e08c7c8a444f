// Serves the h5p-standalone player (its dist/ folder) from the app itself, so no CDN is needed.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { H5P_PLAYER_VERSION } from "~/utils/h5p-player-assets";

/** Resolved through Node's module resolution, so it works from the sources (dev) and from build/server (production). */
const DIST = path.join(path.dirname(createRequire(import.meta.url).resolve("h5p-standalone/package.json")), "dist");

/** Only what the player needs; anything else in dist/ (type declarations, licence notes) is not served. */
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".svg": "image/svg+xml",
  ".gif": "image/gif",
  ".png": "image/png",
};

/**
 * The player runs in an opaque-origin sandbox (`routes/h5p.$token.play.ts`): scripts, stylesheets and
 * images load without CORS, but fonts a stylesheet loads are CORS requests from origin "null".
 */
const FONTS = new Set([".woff2", ".woff", ".ttf", ".eot"]);

const IMMUTABLE = "public, max-age=31536000, immutable";
/** Files the CSS loads by relative URL (fonts, images) carry no version: cache briefly, revalidate by ETag. */
const SHORT = "public, max-age=3600";

const notFound = () => new Response("Not Found", { status: 404, headers: { "Cache-Control": "no-store" } });

/** The file under dist/ a splat names, or null when it is malformed or leaves dist/. */
function resolveAsset(splat: string | undefined): string | null {
  if (!splat || splat.includes("\\") || splat.includes("\0")) return null;
  const segments = splat.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) return null;
  const file = path.resolve(DIST, ...segments);
  return file.startsWith(DIST + path.sep) && CONTENT_TYPES[path.extname(file)] ? file : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = resolveAsset(params["*"]);
  if (!file) return notFound();
  const stats = await stat(file).catch(() => null);
  if (!stats?.isFile()) return notFound();

  const etag = `"${H5P_PLAYER_VERSION}-${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
  const headers = new Headers({
    "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    "Cache-Control": new URL(request.url).searchParams.get("v") === H5P_PLAYER_VERSION ? IMMUTABLE : SHORT,
    ETag: etag,
    "Last-Modified": stats.mtime.toUTCString(),
    "X-Content-Type-Options": "nosniff",
  });
  if (FONTS.has(path.extname(file))) headers.set("Access-Control-Allow-Origin", "*");
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(stats.size));
  if (request.method === "HEAD") return new Response(null, { headers });
  return new Response(createReadableStreamFromReadable(createReadStream(file)), { headers });
}

// OAI-PMH endpoint (docs/interoperability.md): public, no session; GET with a query string or
// POST with an application/x-www-form-urlencoded body, as the protocol allows.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { respondToOaiRequest } from "~/domain/interop/oai-pmh.server";

/** The longest POST body read: OAI arguments are a handful of short strings. */
const MAX_BODY_BYTES = 16 * 1024;

const xml = (body: string) =>
  new Response(body, {
    headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-cache" },
  });

export async function loader({ request }: LoaderFunctionArgs) {
  return xml(await respondToOaiRequest(new URL(request.url).searchParams));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "GET, HEAD, POST" } });
  const declared = Number(request.headers.get("content-length") ?? 0);
  const body = declared > MAX_BODY_BYTES ? null : await request.text();
  if (body === null || Buffer.byteLength(body) > MAX_BODY_BYTES) return new Response(null, { status: 413 });
  const formEncoded = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  // Another body type carries no OAI arguments: the answer is badVerb, as for an empty request.
  return xml(await respondToOaiRequest(new URLSearchParams(formEncoded ? body : "")));
}

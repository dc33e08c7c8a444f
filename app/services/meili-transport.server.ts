import http from "node:http";
import https from "node:https";
import { MeilisearchApiError, MeilisearchRequestError, type MeilisearchErrorResponse } from "meilisearch";

/**
 * The transport of the Meilisearch client: node:http with kept-alive connections instead of the
 * global fetch. Measured on loopback (docs/search.md, Benchmark), a search whose answer is about
 * 20 kB took 48 ms through fetch (plain or with an undici agent) and 4 ms through node:http — the
 * difference was the whole latency budget of a search. Errors are the client's own classes, so
 * callers cannot tell the transports apart.
 */
export function nodeHttpTransport() {
  const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  return (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<unknown> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const client = url.protocol === "https:" ? https : http;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === "string" ? init.body : undefined;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: init.method ?? "GET",
          headers,
          agent: agents[url.protocol as keyof typeof agents],
          signal: init.signal ?? undefined,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => reject(new MeilisearchRequestError(url.toString(), error)));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text === "" ? undefined : JSON.parse(text);
            } catch (error) {
              reject(new MeilisearchRequestError(url.toString(), error));
              return;
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(parsed);
            else
              reject(
                new MeilisearchApiError(
                  new Response(text || null, { status, statusText: response.statusMessage }),
                  parsed as MeilisearchErrorResponse | undefined,
                ),
              );
          });
        },
      );
      request.on("error", (error) => reject(new MeilisearchRequestError(url.toString(), error)));
      request.end(body);
    });
  };
}

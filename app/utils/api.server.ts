import { type z } from "zod";
import { PROBLEM_CONTENT_TYPE, type Problem } from "#content-schemas/problem";

const PROBLEM_TYPES: Record<number, { slug: string; title: string }> = {
  400: { slug: "invalid-request", title: "Bad Request" },
  401: { slug: "unauthorized", title: "Unauthorized" },
  403: { slug: "forbidden", title: "Forbidden" },
  404: { slug: "not-found", title: "Not Found" },
  405: { slug: "method-not-allowed", title: "Method Not Allowed" },
  409: { slug: "conflict", title: "Conflict" },
  500: { slug: "internal-error", title: "Internal Server Error" },
  503: { slug: "unavailable", title: "Service Unavailable" },
};

/** An RFC 9457 problem response; `detail` is Vietnamese text a person can act on. */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}, headers?: HeadersInit): Response {
  const known = PROBLEM_TYPES[status] ?? { slug: "error", title: "Error" };
  const body: Problem = { type: `/problems/${known.slug}`, title: known.title, status, detail, ...extra };
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Content-Type", `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  return jsonResponse(body, { status, headers: responseHeaders });
}

/**
 * JSON with its length declared, so the compression middleware can tell a short body (under its 1 KB threshold) from
 * a long one: without a length it compresses every body — a brotli stream for each 100-byte answer acknowledgement a
 * browser receives, ≈ 230 µs of CPU (docs/assessment.md). Headers and body then also go out in one write.
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  headers.set("Content-Length", String(Buffer.byteLength(text)));
  return new Response(text, { ...init, headers });
}

export function notFoundProblem(request: Request) {
  return problem(404, "Không tìm thấy tài nguyên bạn yêu cầu.", { instance: new URL(request.url).pathname });
}

/** Parses query-string parameters with a content schema; invalid input becomes a 400 problem listing each field. */
export function parseQuery<TSchema extends z.ZodType>(request: Request, schema: TSchema): z.infer<TSchema> {
  const url = new URL(request.url);
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (result.success) return result.data;
  throw problem(400, "Tham số truy vấn không hợp lệ.", {
    instance: url.pathname,
    errors: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  });
}

/**
 * Wraps an API loader or action: thrown responses pass through, anything else becomes a 500
 * problem (logged with the request path) so API clients never receive an HTML error page.
 */
export function apiHandler<Args extends { request: Request }>(handler: (args: Args) => Promise<Response>) {
  return async (args: Args): Promise<Response> => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof Response) return error;
      console.error(`API ${args.request.method} ${new URL(args.request.url).pathname} failed`, error);
      return problem(500, "Máy chủ gặp lỗi ngoài dự kiến. Vui lòng thử lại sau.");
    }
  };
}

/** Parses a JSON request body with a content schema; malformed JSON or invalid fields become a 400 problem. */
export async function parseJsonBody<TSchema extends z.ZodType>(request: Request, schema: TSchema): Promise<z.infer<TSchema>> {
  const instance = new URL(request.url).pathname;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw problem(400, "Nội dung gửi lên không phải JSON hợp lệ.", { instance });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw problem(400, "Dữ liệu gửi lên không hợp lệ.", {
    instance,
    errors: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  });
}

/** A domain outcome as an API response: the value as JSON, or a problem carrying the domain's reason. */
export function respond<T>(
  result: { ok: true; value: T } | { ok: false; status: number; reason: string },
  status = 200,
  toBody: (value: T) => unknown = (value) => value,
): Response {
  if (!result.ok) return problem(result.status, result.reason);
  return jsonResponse(toBody(result.value), { status, headers: { "Cache-Control": "no-store" } });
}

export function methodNotAllowed(request: Request, allowed: string[]) {
  return problem(
    405,
    `Phương thức ${request.method} không dùng được ở đây.`,
    { instance: new URL(request.url).pathname },
    {
      Allow: allowed.join(", "),
    },
  );
}

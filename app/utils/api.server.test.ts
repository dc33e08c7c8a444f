import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { apiHandler, jsonResponse, parseQuery, problem } from "./api.server";

describe("problem", () => {
  it("answers RFC 9457 problem+json", async () => {
    const response = problem(409, "Học liệu đã được người khác sửa.", { instance: "/api/v1/materials/1" });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(await response.json()).toEqual({
      type: "/problems/conflict",
      title: "Conflict",
      status: 409,
      detail: "Học liệu đã được người khác sửa.",
      instance: "/api/v1/materials/1",
    });
  });
});

describe("parseQuery", () => {
  const schema = z.object({ grade: z.coerce.number().int().max(12, "Khối lớp từ 1 đến 12.") });

  it("returns typed values", () => {
    expect(parseQuery(new Request("http://x/api?grade=7"), schema)).toEqual({ grade: 7 });
  });

  it("throws a 400 problem listing each invalid field", async () => {
    let thrown: unknown;
    try {
      parseQuery(new Request("http://x/api/v1/subjects?grade=13"), schema);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    const body = await (thrown as Response).json();
    expect(body).toMatchObject({
      status: 400,
      instance: "/api/v1/subjects",
      errors: [{ path: "grade", message: "Khối lớp từ 1 đến 12." }],
    });
  });
});

describe("apiHandler", () => {
  it("turns an unexpected error into a 500 problem without leaking its message", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const handler = apiHandler(async () => {
      throw new Error("connection string mongodb://secret@db");
    });
    const response = await handler({ request: new Request("http://x/api/v1/boom") });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret");
    expect(logged).toHaveBeenCalledOnce();
    logged.mockClear();
  });

  it("passes thrown responses through", async () => {
    const handler = apiHandler(async () => {
      throw problem(403, "Bạn không có quyền.");
    });
    expect((await handler({ request: new Request("http://x/") })).status).toBe(403);
  });
});

describe("jsonResponse", () => {
  it("declares the body's length in bytes, not characters", async () => {
    const response = jsonResponse({ detail: "Đã lưu câu trả lời." }, { status: 201, headers: { "Cache-Control": "no-store" } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-length")).toBe(String(bytes.length));
    expect(bytes.length).toBeGreaterThan(JSON.stringify({ detail: "Đã lưu câu trả lời." }).length);
  });
});

import { expect, test } from "./fixtures";

test.describe("JSON API", () => {
  test("health reports every service up with the app version", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: "up",
      search: "up",
      storage: "up",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  test("serves the OpenAPI 3.1 document generated from the content schemas", async ({ request }) => {
    const document = await (await request.get("/api/v1/openapi.json")).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/healthz", "/api/v1/subjects"]));
    expect(document.components.schemas.Problem).toBeDefined();
  });

  test("lists subjects, and answers bad input with a Vietnamese problem+json", async ({ request }) => {
    const subjects = await (await request.get("/api/v1/subjects?grade=12")).json();
    expect(subjects.items.map((subject: { code: string }) => subject.code)).toContain("VAT_LI");

    const invalid = await request.get("/api/v1/subjects?grade=13");
    expect(invalid.status()).toBe(400);
    expect(invalid.headers()["content-type"]).toContain("application/problem+json");
    expect(await invalid.json()).toMatchObject({ status: 400, errors: [{ path: "grade", message: "Khối lớp từ 1 đến 12." }] });

    const missing = await request.get("/api/v1/khong-co");
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, detail: "Không tìm thấy tài nguyên bạn yêu cầu." });
  });

  test("a short answer goes out as it is, with its length; a long one is compressed for a browser that accepts it", async ({
    request,
  }) => {
    const browserEncodings = { "accept-encoding": "gzip, deflate, br" };
    const short = await request.get("/api/v1/subjects?grade=13", { headers: browserEncodings });
    const shortBody = await short.body();
    expect(short.headers()["content-encoding"]).toBeUndefined();
    expect(short.headers()["content-length"]).toBe(String(shortBody.length));
    expect(JSON.parse(shortBody.toString("utf8"))).toMatchObject({ status: 400, detail: "Tham số truy vấn không hợp lệ." });

    const long = await request.get("/api/v1/subjects?grade=12", { headers: browserEncodings });
    expect(long.headers()["content-encoding"]).toBe("br");
    expect((await long.json()).items.length).toBeGreaterThan(5);
  });

  test("keeps an idle connection open long enough for a quiz page's next save", async ({ baseURL }) => {
    const response = await fetch(new URL("/healthz", baseURL));
    expect(response.headers.get("keep-alive")).toBe("timeout=65");
  });
});

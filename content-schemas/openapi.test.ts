import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument(packageJson.version);

  it("describes errors as RFC 9457 problems", () => {
    expect(document.openapi).toBe("3.1.0");
    const listSubjects = document.paths?.["/api/v1/subjects"]?.get;
    expect(listSubjects?.responses?.["400"]).toMatchObject({
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    });
    expect(listSubjects?.parameters).toEqual([expect.objectContaining({ in: "query", name: "grade" })]);
  });

  it("is committed in docs/api/openapi.json exactly as generated (run `npm run openapi` after changing a schema)", () => {
    const committed: unknown = JSON.parse(readFileSync(new URL("../docs/api/openapi.json", import.meta.url), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

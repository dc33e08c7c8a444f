import { describe, expect, it } from "vitest";
import { repositoryStatisticsQuerySchema } from "./statistics";

describe("repositoryStatisticsQuerySchema", () => {
  it("reads fields a GET form left empty as not given", () => {
    expect(repositoryStatisticsQuerySchema.parse({ organisationId: "", from: "", to: "" })).toEqual({});
    expect(repositoryStatisticsQuerySchema.parse({ from: "2026-03-01", to: "2026-03-01" })).toEqual({
      from: "2026-03-01",
      to: "2026-03-01",
    });
  });

  it("refuses an impossible day and a range that ends before it starts", () => {
    expect(repositoryStatisticsQuerySchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    const backwards = repositoryStatisticsQuerySchema.safeParse({ from: "2026-03-05", to: "2026-03-01" });
    expect(backwards.error?.issues[0]).toMatchObject({ path: ["to"], message: "«Từ ngày» phải trước hoặc trùng «Đến ngày»." });
  });
});

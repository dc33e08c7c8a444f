import { beforeAll, describe, expect, it } from "vitest";
import type { Index } from "meilisearch";
import { ensureSearchIndex, getSearchClient, SEARCH_LOCALES } from "~/services/search.server";

const LESSONS = [
  { id: "1", title: "Phương trình bậc hai", subject: "Toán" },
  { id: "2", title: "Hàm số lượng giác", subject: "Toán" },
  { id: "3", title: "Định luật Ôm cho đoạn mạch", subject: "Vật lí" },
  { id: "4", title: "Đọc hiểu văn bản Truyện Kiều", subject: "Ngữ văn" },
  { id: "5", title: "Bất phương trình bậc nhất hai ẩn", subject: "Toán" },
];

let index: Index;

beforeAll(async () => {
  index = await ensureSearchIndex("lessons", { searchableAttributes: ["title", "subject"], filterableAttributes: ["subject"] });
  await index.addDocuments(LESSONS).waitTask({ timeout: 30_000 });
});

async function topTitle(query: string, filter?: string) {
  const result = await index.search(query, { locales: [...SEARCH_LOCALES], filter });
  return result.hits[0]?.title;
}

describe("Vietnamese search (real Meilisearch)", () => {
  it.each([
    ["phuong trinh bac hai", "Phương trình bậc hai"],
    ["phuong trnh", "Phương trình bậc hai"],
    ["ham so luong giac", "Hàm số lượng giác"],
    ["dinh luat om", "Định luật Ôm cho đoạn mạch"],
    ["truyen kieu", "Đọc hiểu văn bản Truyện Kiều"],
    ["Phương trình bậc hai", "Phương trình bậc hai"],
  ])("%s → %s", async (query, expected) => {
    expect(await topTitle(query)).toBe(expected);
  });

  it("applies filters on the server", async () => {
    const result = await index.search("phuong trinh", { locales: [...SEARCH_LOCALES], filter: 'subject = "Vật lí"' });
    expect(result.hits).toHaveLength(0);
  });

  it("keeps the Vietnamese settings on the index", async () => {
    const settings = await getSearchClient().index(index.uid).getSettings();
    expect(settings.localizedAttributes).toEqual([{ attributePatterns: ["*"], locales: ["vie"] }]);
  });
});

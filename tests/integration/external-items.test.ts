// Harvested items of other repositories as staff browse them: filters, accent-insensitive search
// (real Meilisearch), facets and paging on the real database (FerretDB or MongoDB), and who may see
// them. Search itself — typos, facet counts, sync, outages, rebuild — is in external-item-search.test.ts.
import { Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { HarvestedItem, HarvestSource } from "#models/harvested-item";
import type { Role } from "#content-schemas/roles";
import { listExternalItemsQuerySchema, type ListExternalItemsQuery } from "#content-schemas/external-items";
import type { Actor } from "~/auth/session.server";
import {
  externalItem,
  harvestStatusFor,
  listExternalItems,
  mayBrowseExternalItems,
} from "~/domain/interop/external-items.server";
import { syncStaleExternalItems } from "~/domain/search/external-item-index.server";
import { connectDatabase } from "~/services/db.server";

const HANOI = "https://hoclieu.hanoi.example.vn/oai";
const HUE = "http://kho.hue.example.vn:8080/cgi/oai2";
const UNREACHABLE = "https://offline.example.vn/oai";
// Read once by the interop settings, on the first harvest status asked below.
process.env.OAI_HARVEST_SOURCES = `${HANOI},${HUE},${UNREACHABLE}`;

const actor = (role: Role): Actor => ({
  id: new Types.ObjectId().toHexString(),
  username: role,
  fullName: role,
  email: null,
  organisationId: "o",
  organisationPath: ["o"],
  roles: [{ role, organisationId: "o", organisationPath: ["o"] }],
  mustChangePassword: false,
  twoFactorEnabled: true,
  sessionId: "",
});
const teacher = actor("teacher");
const query = (input: Partial<Record<keyof ListExternalItemsQuery, string>> = {}) => listExternalItemsQuerySchema.parse(input);

async function list(input: Partial<Record<keyof ListExternalItemsQuery, string>> = {}) {
  const result = await listExternalItems(teacher, query(input));
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
const titles = async (input: Partial<Record<keyof ListExternalItemsQuery, string>> = {}) =>
  (await list(input)).items.map((item) => item.title);

let ids: Record<"fractions" | "poem" | "withdrawn" | "unsafeLink", string>;

beforeAll(async () => {
  await connectDatabase();
  const item = (source: string, identifier: string, datestamp: string, fields: Record<string, unknown>) => ({
    source,
    identifier,
    datestamp: new Date(datestamp),
    harvestedAt: new Date("2025-06-01T00:00:00Z"),
    ...fields,
  });
  const [fractions, poem, withdrawn, unsafeLink] = await HarvestedItem.create([
    item(HANOI, "oai:hanoi:material/1", "2025-03-01T00:00:00Z", {
      title: "Phân số và số thập phân (x+1)",
      description: "Rút gọn phân số.",
      subjects: ["Toán", "Lớp 6"],
      creators: ["Nguyễn Văn Minh"],
      identifierUrl: "https://hoclieu.hanoi.example.vn/materials/1",
      rights: "CC-BY-4.0",
    }),
    item(HUE, "oai:hue:2", "2025-04-01T00:00:00Z", {
      title: "Đọc hiểu bài thơ Quê hương",
      description: "Tế Hanh; đường về quê.",
      subjects: ["Ngữ văn", "Lớp 8"],
      identifierUrl: "http://kho.hue.example.vn:8080/record/2",
    }),
    item(HANOI, "oai:hanoi:material/3", "2025-05-01T00:00:00Z", {
      title: "Phân số (đã rút khỏi kho)",
      subjects: ["Toán"],
      deleted: true,
    }),
    item(HUE, "oai:hue:4", "2025-02-01T00:00:00Z", {
      title: "Hình học phẳng",
      subjects: ["Toán", "Lớp 8"],
      identifierUrl: "javascript:alert(1)",
    }),
  ]);
  ids = {
    fractions: String(fractions!._id),
    poem: String(poem!._id),
    withdrawn: String(withdrawn!._id),
    unsafeLink: String(unsafeLink!._id),
  };
  // Created stale, as the harvester writes them: the sync job then puts the live ones in search.
  expect(await syncStaleExternalItems()).toEqual({ indexed: 3, removed: 1 });
  await HarvestSource.create([
    { source: HANOI, lastSucceededAt: new Date("2025-06-01T00:00:00Z"), lastRecordCount: 2, lastError: null },
    { source: HUE, lastAttemptAt: new Date("2025-06-02T00:00:00Z"), lastError: "ListRecords: HTTP 500" },
    { source: "https://no-longer-configured.example.vn/oai", lastRecordCount: 9 },
  ]);
});

describe("external items", () => {
  it("are for staff only", async () => {
    for (const role of ["teacher", "group_leader", "reviewer", "org_admin", "system_admin"] as const) {
      expect(mayBrowseExternalItems(actor(role))).toBe(true);
    }
    const student = actor("student");
    expect(await listExternalItems(student, query())).toMatchObject({ ok: false, status: 403 });
    expect(await externalItem(student, ids.fractions)).toMatchObject({ ok: false, status: 403 });
  });

  it("lists live records newest first, with facets, and pages", async () => {
    const all = await list();
    expect(all.items.map((item) => item.title)).toEqual([
      "Đọc hiểu bài thơ Quê hương",
      "Phân số và số thập phân (x+1)",
      "Hình học phẳng",
    ]);
    expect(all.total).toBe(3);
    expect(all.items[1]).toMatchObject({
      source: HANOI,
      sourceHost: "hoclieu.hanoi.example.vn",
      identifier: "oai:hanoi:material/1",
      url: "https://hoclieu.hanoi.example.vn/materials/1",
      creators: ["Nguyễn Văn Minh"],
      rights: "CC-BY-4.0",
      datestamp: "2025-03-01T00:00:00.000Z",
    });
    expect(all.facets.sources).toEqual([
      { source: HUE, sourceHost: "kho.hue.example.vn:8080", count: 2 },
      { source: HANOI, sourceHost: "hoclieu.hanoi.example.vn", count: 1 },
    ]);
    expect(all.facets.subjects).toEqual([
      { value: "Lớp 8", count: 2 },
      { value: "Toán", count: 2 },
      { value: "Lớp 6", count: 1 },
      { value: "Ngữ văn", count: 1 },
    ]);
    const second = await list({ pageSize: "2", page: "2" });
    expect(second.items.map((item) => item.title)).toEqual(["Hình học phẳng"]);
    expect(second.total).toBe(3);
  });

  it("finds every word with or without accents, in any case; withdrawn records are not found", async () => {
    expect(await titles({ q: "phan so" })).toEqual(["Phân số và số thập phân (x+1)"]);
    expect(await titles({ q: "QUÊ HƯƠNG" })).toEqual(["Đọc hiểu bài thơ Quê hương"]);
    expect(await titles({ q: "duong ve" })).toEqual(["Đọc hiểu bài thơ Quê hương"]);
    // Every word, anywhere in the title or the description.
    expect(await titles({ q: "  phân  rút gọn " })).toEqual(["Phân số và số thập phân (x+1)"]);
    expect(await titles({ q: "phân quê" })).toEqual([]);
    expect(await titles({ q: "(x+1)" })).toEqual(["Phân số và số thập phân (x+1)"]);
    expect(await titles({ q: "rut khoi kho" })).toEqual([]);
    expect((await list({ q: "phan so" })).degraded).toBe(false);
  });

  it("filters by source and subject; each facet counts what the other filters leave", async () => {
    const toan = await list({ subject: "Toán" });
    expect(toan.items.map((item) => item.title)).toEqual(["Phân số và số thập phân (x+1)", "Hình học phẳng"]);
    expect(toan.facets.sources.map((row) => [row.source, row.count])).toEqual([
      [HUE, 1],
      [HANOI, 1],
    ]);
    const hueToan = await list({ subject: "Toán", source: HUE });
    expect(hueToan.items.map((item) => item.title)).toEqual(["Hình học phẳng"]);
    expect(hueToan.facets.subjects).toEqual([
      { value: "Lớp 8", count: 2 },
      { value: "Ngữ văn", count: 1 },
      { value: "Toán", count: 1 },
    ]);
  });

  it("gives one live record by id; withdrawn and unknown ones are not found; only http(s) becomes a link", async () => {
    expect(await externalItem(teacher, ids.poem)).toMatchObject({ ok: true, value: { title: "Đọc hiểu bài thơ Quê hương" } });
    expect(await externalItem(teacher, ids.withdrawn)).toMatchObject({ ok: false, status: 404 });
    expect(await externalItem(teacher, "not-an-id")).toMatchObject({ ok: false, status: 404 });
    expect(await externalItem(teacher, new Types.ObjectId().toHexString())).toMatchObject({ ok: false, status: 404 });
    expect(await externalItem(teacher, ids.unsafeLink)).toMatchObject({ ok: true, value: { url: null } });
  });

  it("shows the harvest of each configured source to system administrators only", async () => {
    expect(await harvestStatusFor(teacher)).toBeNull();
    expect(await harvestStatusFor(actor("org_admin"))).toBeNull();
    expect(await harvestStatusFor(actor("system_admin"))).toEqual([
      {
        source: HANOI,
        sourceHost: "hoclieu.hanoi.example.vn",
        lastSucceededAt: "2025-06-01T00:00:00.000Z",
        lastAttemptAt: null,
        lastError: null,
        lastRecordCount: 2,
      },
      {
        source: HUE,
        sourceHost: "kho.hue.example.vn:8080",
        lastSucceededAt: null,
        lastAttemptAt: "2025-06-02T00:00:00.000Z",
        lastError: "ListRecords: HTTP 500",
        lastRecordCount: 0,
      },
      {
        source: UNREACHABLE,
        sourceHost: "offline.example.vn",
        lastSucceededAt: null,
        lastAttemptAt: null,
        lastError: null,
        lastRecordCount: 0,
      },
    ]);
  });
});

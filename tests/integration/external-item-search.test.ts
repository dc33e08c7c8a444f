// Harvested items in the real Meilisearch: harvested over HTTP from two small OAI-PMH providers (the harvest
// marks what it stores, the worker's sync writes it), found without accents and with a typo, counted exactly as
// the database counts, gone once the source deletes them, unchanged by a second sync, still marked after a
// Meilisearch outage and indexed once it is back, rebuilt with a swap. This file stops Meilisearch, so it runs
// on its own private services.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listExternalItemsQuerySchema, type ListExternalItemsQuery } from "#content-schemas/external-items";
import { HarvestedItem } from "#models/harvested-item";
import { registerJobs } from "#workers/jobs/define";
import { oaiHarvestJob } from "#workers/jobs/oai-harvest";
import { syncExternalItemsSearchJob } from "#workers/jobs/search";
import type { Actor } from "~/auth/session.server";
import { getEnv } from "~/config/env.server";
import { listExternalItems } from "~/domain/interop/external-items.server";
import { harvestSource } from "~/domain/interop/oai-harvest.server";
import {
  EXTERNAL_ITEM_SEARCH,
  EXTERNAL_ITEMS_INDEX_SETTINGS,
  reindexExternalItems,
  type ExternalItemSearchDocument,
  syncStaleExternalItems,
} from "~/domain/search/external-item-index.server";
import { searchIndexOf } from "~/domain/search/search-collection.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { getQueue } from "~/services/jobs.server";
import { stopProcess } from "../../scripts/services/processes";
import { startServices } from "../../scripts/services/supervisor";
import { startIsolatedServices, type IsolatedServices } from "../support/services";

interface ProvidedRecord {
  identifier: string;
  datestamp: Date;
  deleted?: boolean;
  title: string;
  description?: string;
  subjects: string[];
}

const record = (identifier: string, datestamp: string, title: string, subjects: string[], description = "") => ({
  identifier,
  datestamp: new Date(datestamp),
  title,
  description,
  subjects,
});

/** What each provider publishes; tests change records here, as the other repository would. */
const published: Record<"a" | "b", ProvidedRecord[]> = {
  a: [
    record("oai:a:1", "2025-01-10T00:00:00Z", "Phương trình bậc hai", ["Toán", "Lớp 9"], "Công thức nghiệm, hệ thức Vi-ét."),
    record("oai:a:2", "2025-01-11T00:00:00Z", "Phương trình bậc nhất một ẩn", ["Toán", "Lớp 8"]),
    record("oai:a:3", "2025-01-12T00:00:00Z", "Định luật Ôm cho đoạn mạch", ["Vật lí", "Lớp 9"], "Cường độ dòng điện."),
  ],
  b: [
    record("oai:b:1", "2025-02-01T00:00:00Z", "Giải phương trình bằng máy tính cầm tay", ["Toán", "Tin học", "Lớp 9"]),
    record("oai:b:2", "2025-02-02T00:00:00Z", "Cân bằng phương trình hoá học", ["Hoá học", "Lớp 8"]),
    record("oai:b:3", "2025-02-03T00:00:00Z", "Đọc hiểu bài thơ Quê hương", ["Ngữ văn", "Lớp 8"], "Tế Hanh; đường về quê."),
    record(
      "oai:b:4",
      "2025-02-04T00:00:00Z",
      "Hệ thức lượng trong tam giác vuông",
      ["Toán", "Lớp 9"],
      "Vận dụng phương trình bậc hai.",
    ),
  ],
};

/** The other repository edits (or deletes) a record: a new datestamp, so the next incremental harvest brings it. */
function change(provider: "a" | "b", identifier: string, edit: Partial<ProvidedRecord>) {
  const found = published[provider].find((item) => item.identifier === identifier)!;
  Object.assign(found, edit, { datestamp: new Date() });
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const seconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function oaiResponse(records: ProvidedRecord[], params: URLSearchParams): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>${seconds(new Date())}</responseDate><request>provider</request>`;
  if (params.get("verb") === "Identify") {
    return `${head}<Identify><repositoryName>Kho thử</repositoryName><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>`;
  }
  const from = params.get("from");
  const changed = records.filter((item) => !from || item.datestamp >= new Date(from));
  if (changed.length === 0) return `${head}<error code="noRecordsMatch">nothing changed</error></OAI-PMH>`;
  const body = changed.map((item) => {
    const header = `<header${item.deleted ? ' status="deleted"' : ""}><identifier>${item.identifier}</identifier><datestamp>${seconds(item.datestamp)}</datestamp></header>`;
    if (item.deleted) return `<record>${header}</record>`;
    const dc = [
      `<dc:title>${escape(item.title)}</dc:title>`,
      item.description ? `<dc:description>${escape(item.description)}</dc:description>` : "",
      ...item.subjects.map((subject) => `<dc:subject>${escape(subject)}</dc:subject>`),
    ].join("");
    return `<record>${header}<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">${dc}</oai_dc:dc></metadata></record>`;
  });
  return `${head}<ListRecords>${body.join("")}</ListRecords></OAI-PMH>`;
}

let services: IsolatedServices;
let server: Server;
const sources = { a: "", b: "" };

beforeAll(async () => {
  services = await startIsolatedServices("external-search");
  Object.assign(process.env, services.env);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const provider = url.pathname === "/a/oai" ? "a" : "b";
    res.writeHead(200, { "content-type": "text/xml; charset=utf-8" }).end(oaiResponse(published[provider], url.searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sources.a = `${base}/a/oai`;
  sources.b = `${base}/b/oai`;
  // Read once, by the harvest job below.
  process.env.OAI_HARVEST_SOURCES = `${sources.a},${sources.b}`;
  expect(getEnv().MEILI_URL).toBe(services.env.MEILI_URL);
  await connectDatabase();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await disconnectDatabase();
  await services.stop();
});

const teacher: Actor = {
  id: new Types.ObjectId().toHexString(),
  username: "gv",
  fullName: "Giáo viên",
  email: null,
  organisationId: "o",
  organisationPath: ["o"],
  roles: [{ role: "teacher", organisationId: "o", organisationPath: ["o"] }],
  mustChangePassword: false,
  twoFactorEnabled: true,
  sessionId: "",
};

type Filters = Partial<Record<keyof ListExternalItemsQuery, string>>;

async function list(filters: Filters) {
  const result = await listExternalItems(teacher, listExternalItemsQuerySchema.parse(filters));
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
const titles = async (filters: Filters) => (await list(filters)).items.map((item) => item.title);
const staleCount = () => HarvestedItem.countDocuments({ searchStale: true });
const indexedCount = async () => (await searchIndexOf(EXTERNAL_ITEM_SEARCH.name).getStats()).numberOfDocuments;

/**
 * Harvests the sources as the job does, each report's `records` checked. Datestamps have whole seconds and `from`
 * is inclusive, so it starts in the second after the last change: the next harvest then never gets it again.
 */
async function harvest(expected: Partial<Record<"a" | "b", number>>) {
  await new Promise((resolve) => setTimeout(resolve, 1_010 - (Date.now() % 1_000)));
  for (const [provider, records] of Object.entries(expected)) {
    expect(await harvestSource(sources[provider as "a" | "b"])).toMatchObject({ ok: true, records });
  }
}

describe("harvested items in search", () => {
  it("the harvest job queues the sync, which indexes the live records and clears the marks", async () => {
    const queue = await getQueue();
    registerJobs(queue, [oaiHarvestJob, syncExternalItemsSearchJob]);
    await queue.start();
    try {
      await queue.now(oaiHarvestJob.name, {});
      await expect.poll(() => HarvestedItem.countDocuments(), { timeout: 30_000, interval: 200 }).toBe(7);
      await expect.poll(staleCount, { timeout: 30_000, interval: 200 }).toBe(0);
    } finally {
      await queue.stop();
    }
    expect(await indexedCount()).toBe(7);
    expect(await list({ q: "phuong trinh" })).toMatchObject({ total: 5, degraded: false });
  });

  it("finds records typed without accents and with a one-letter typo, best match before newest", async () => {
    expect(await titles({ q: "dinh luat om" })).toEqual(["Định luật Ôm cho đoạn mạch"]);
    expect(await titles({ q: "dinh luta om" })).toEqual(["Định luật Ôm cho đoạn mạch"]);
    // The title outranks a newer record that has the words in its description.
    expect(await titles({ q: "phuong trnh bac hai" })).toEqual(["Phương trình bậc hai", "Hệ thức lượng trong tam giác vuông"]);
    // Subjects are searched too, after the title.
    expect(await titles({ q: "tin hoc" })).toEqual(["Giải phương trình bằng máy tính cầm tay"]);
    expect(await titles({ q: "phuong trinh", source: sources.b, subject: "Lớp 9" })).toEqual([
      "Giải phương trình bằng máy tính cầm tay",
      "Hệ thức lượng trong tam giác vuông",
    ]);
  });

  it("marks deleted and edited records in the harvest's write; the sync drops and rewrites them; again, nothing changes", async () => {
    change("a", "oai:a:3", { deleted: true });
    change("b", "oai:b:3", { title: "Đọc hiểu: Quê hương (Tế Hanh)" });
    await harvest({ a: 1, b: 1 });
    expect(await staleCount()).toBe(2);
    // Until the sync runs, search still holds the deleted record; the listing reads each record and never shows it.
    expect(await indexedCount()).toBe(7);
    expect(await titles({ q: "dinh luat om" })).toEqual([]);

    expect(await syncStaleExternalItems()).toEqual({ indexed: 1, removed: 1 });
    expect(await staleCount()).toBe(0);
    expect(await indexedCount()).toBe(6);
    expect(await titles({ q: "dinh luat om" })).toEqual([]);
    expect(await titles({ q: "que huong te hanh" })).toEqual(["Đọc hiểu: Quê hương (Tế Hanh)"]);

    const before = await list({ q: "phuong trinh" });
    expect(await syncStaleExternalItems()).toEqual({ indexed: 0, removed: 0 });
    await harvest({ a: 0, b: 0 });
    expect(await syncStaleExternalItems()).toEqual({ indexed: 0, removed: 0 });
    expect(await list({ q: "phuong trinh" })).toEqual(before);
    expect(await indexedCount()).toBe(6);
  });

  it("keeps the mark of a record harvested again while the sync was writing it, and writes the newer version next", async () => {
    change("a", "oai:a:2", { title: "Phương trình bậc nhất một ẩn (bản 2)" });
    await harvest({ a: 1 });
    const documents = EXTERNAL_ITEM_SEARCH.documents;
    const harvestedMeanwhile = vi.spyOn(EXTERNAL_ITEM_SEARCH, "documents").mockImplementationOnce(async (items) => {
      // After the sync read the batch, the source edits the record again and a harvest stores it.
      change("a", "oai:a:2", { title: "Phương trình bậc nhất một ẩn (bản 3)" });
      await harvest({ a: 1 });
      return documents(items);
    });
    expect(await syncStaleExternalItems()).toEqual({ indexed: 1, removed: 0 });
    harvestedMeanwhile.mockRestore();
    const item = await HarvestedItem.findOne({ identifier: "oai:a:2" }).lean();
    expect(item).toMatchObject({ title: "Phương trình bậc nhất một ẩn (bản 3)", searchStale: true });
    const indexedTitle = async () =>
      (await searchIndexOf<ExternalItemSearchDocument>(EXTERNAL_ITEM_SEARCH.name).getDocument(String(item!._id))).title;
    expect(await indexedTitle()).toBe("Phương trình bậc nhất một ẩn (bản 2)");

    expect(await syncStaleExternalItems()).toEqual({ indexed: 1, removed: 0 });
    expect(await staleCount()).toBe(0);
    expect(await indexedTitle()).toBe("Phương trình bậc nhất một ẩn (bản 3)");
  });

  it("counts like the database while Meilisearch is stopped, keeps the marks, and indexes them once it is back", async () => {
    const queries: Filters[] = [
      { q: "phuong trinh" },
      { q: "phuong trinh", subject: "Lớp 9" },
      { q: "phuong trinh", source: sources.b },
      { q: "phuong trinh", source: sources.a, subject: "Toán" },
    ];
    /** What a list shows apart from its order: search ranks by relevance, the database newest first. */
    const comparable = async (filters: Filters) => {
      const { items, ...rest } = await list(filters);
      return { ...rest, ids: items.map((item) => item.id).sort() };
    };
    const viaSearch = [];
    for (const filters of queries) viaSearch.push(await comparable(filters));
    expect(viaSearch.every((result) => !result.degraded && result.total > 0)).toBe(true);

    await stopProcess(services.dataDir, "search");
    const viaDatabase = [];
    for (const filters of queries) viaDatabase.push(await comparable(filters));
    expect(viaDatabase).toEqual(viaSearch.map((result) => ({ ...result, degraded: true })));
    // The database takes the words literally, never as a pattern.
    expect(await list({ q: ".*" })).toMatchObject({ total: 0, degraded: true });

    change("b", "oai:b:1", { title: "Giải phương trình bằng máy tính Casio" });
    await harvest({ b: 1 });
    await expect(syncStaleExternalItems()).rejects.toThrow();
    expect(await HarvestedItem.findOne({ identifier: "oai:b:1" }).lean()).toMatchObject({ searchStale: true });

    const ports = {
      database: Number(new URL(services.env.MONGODB_URI ?? "").port),
      search: Number(new URL(services.env.MEILI_URL ?? "").port),
      storage: Number(new URL(services.env.S3_ENDPOINT ?? "").port),
    };
    await startServices({ dataDir: services.dataDir, ports, configured: {}, log: () => undefined });
    await expect.poll(async () => (await list({ q: "phuong trinh" })).degraded, { timeout: 20_000, interval: 500 }).toBe(false);
    expect(await titles({ q: "casio" })).toEqual([]);
    expect(await syncStaleExternalItems()).toEqual({ indexed: 1, removed: 0 });
    expect(await staleCount()).toBe(0);
    expect(await titles({ q: "casio" })).toEqual(["Giải phương trình bằng máy tính Casio"]);
  });

  it("rebuilds the index from the database with a swap", async () => {
    const before = await list({ q: "phuong trinh" });
    expect(await reindexExternalItems()).toEqual({ indexed: 6, resynced: 0 });
    expect(await indexedCount()).toBe(6);
    expect((await searchIndexOf(EXTERNAL_ITEM_SEARCH.name).getSettings()).searchableAttributes).toEqual(
      EXTERNAL_ITEMS_INDEX_SETTINGS.searchableAttributes,
    );
    expect(await list({ q: "phuong trinh" })).toEqual(before);
  });
});

// OAI-PMH: the data provider (every response checked against the official OAI-PMH and oai_dc
// schemas) and the harvester, run against the provider served over HTTP from this process.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HarvestedItem, HarvestSource } from "#models/harvested-item";
import type { Licence, MaterialKind, Scope } from "#content-schemas/materials";
import { Material } from "#models/material";
import { Organisation } from "#models/organisation";
import { getEnv, InvalidConfigurationError } from "~/config/env.server";
import { parseInteropEnv } from "~/config/interop-env.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { harvestSource } from "~/domain/interop/oai-harvest.server";
import { oaiIdentifier, respondToOaiRequest, type OaiOptions } from "~/domain/interop/oai-pmh.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import * as oaiRoute from "~/routes/oai";
import { connectDatabase } from "~/services/db.server";
import { expectValidOaiResponse } from "../support/oai-schema";

// ---------------------------------------------------------------------------------------------
// Reading responses.

const REPEATED = new Set(["record", "ListIdentifiers.header", "set", "header.setSpec", "error", "metadataFormat"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  htmlEntities: true,
  isArray: (name, jpath) => {
    const path = String(jpath).split(".");
    return REPEATED.has(name) || REPEATED.has(path.slice(-2).join(".")) || name.startsWith("dc:");
  },
});

type Node = Record<string, unknown>;
const text = (value: unknown): string =>
  typeof value === "string" ? value : value && typeof value === "object" ? text((value as Node)["#text"]) : "";

/** Calls the provider, validates the answer against the schemas and returns it parsed. */
async function oai(query: Record<string, string> | string, options?: OaiOptions) {
  const params = new URLSearchParams(query);
  const xml = await respondToOaiRequest(params, options);
  await expectValidOaiResponse(xml);
  const root = (parser.parse(xml) as Node)["OAI-PMH"] as Node;
  const errors = ((root.error as Node[] | undefined) ?? []).map((error) => String(error["@code"]));
  return { xml, root, errors, request: root.request as Node };
}

interface Header {
  identifier: string;
  datestamp: string;
  setSpec: string[];
  status?: string;
}
const headerOf = (node: Node): Header => ({
  identifier: text(node.identifier),
  datestamp: text(node.datestamp),
  setSpec: ((node.setSpec as unknown[] | undefined) ?? []).map(text),
  ...(node["@status"] ? { status: String(node["@status"]) } : {}),
});

function records(root: Node) {
  const list = (root.ListRecords ?? root.GetRecord) as Node;
  return ((list.record as Node[] | undefined) ?? []).map((record) => {
    const dc = ((record.metadata as Node | undefined)?.["oai_dc:dc"] ?? null) as Node | null;
    const field = (name: string) => ((dc?.[`dc:${name}`] as unknown[] | undefined) ?? []).map(text);
    return { header: headerOf(record.header as Node), dc: dc ? field : null };
  });
}

function resumption(root: Node, verb: "ListRecords" | "ListIdentifiers") {
  const token = (root[verb] as Node).resumptionToken;
  if (token === undefined) return null;
  return {
    token: text(token),
    completeListSize: Number((token as Node)["@completeListSize"]),
    cursor: Number((token as Node)["@cursor"]),
  };
}

/** Follows resumption tokens to the end; returns every header seen and the pages' token attributes. */
async function listAll(verb: "ListRecords" | "ListIdentifiers", query: Record<string, string>, options?: OaiOptions) {
  const headers: Header[] = [];
  const tokens: NonNullable<ReturnType<typeof resumption>>[] = [];
  let page = await oai({ verb, ...query }, options);
  for (;;) {
    expect(page.errors).toEqual([]);
    const list = page.root[verb] as Node;
    if (verb === "ListRecords") headers.push(...records(page.root).map((record) => record.header));
    else headers.push(...(list.header as Node[]).map(headerOf));
    const token = resumption(page.root, verb);
    if (!token) break;
    tokens.push(token);
    if (!token.token) break;
    page = await oai({ verb, resumptionToken: token.token }, options);
  }
  return { headers, tokens };
}

// ---------------------------------------------------------------------------------------------
// Data: public items (live version, province or national scope) and items that must never leak.

const ORG = { national: "Bộ Giáo dục và Đào tạo", school: "Trường THCS Ngọc Lâm" };
const SECRET = "BÍ MẬT";
const creator = new Types.ObjectId();
let schoolId: Types.ObjectId;
let organisationPath: Types.ObjectId[];

interface VersionInput {
  title: string;
  summary?: string;
  subjectCode: string;
  grades?: number[];
  authors?: string[];
  licence?: Licence;
  url?: string | null;
  file?: { mimeType: string } | null;
}

async function material(input: {
  kind?: MaterialKind;
  scope: Scope;
  live: number | null;
  versions: VersionInput[];
  updatedAt: Date;
  deletedAt?: Date;
}) {
  const latest = input.versions.at(-1)!;
  const created = await Material.create({
    kind: input.kind ?? "document",
    ownerOrganisationId: schoolId,
    organisationPath,
    createdBy: creator,
    scope: input.scope,
    latestVersion: input.versions.length,
    liveVersion: input.live,
    title: latest.title,
    subjectCode: latest.subjectCode,
    grades: latest.grades ?? [6],
    status: input.live ? "published" : "draft",
    deletedAt: input.deletedAt ?? null,
    versions: input.versions.map((version, index) => ({
      number: index + 1,
      status: input.live === index + 1 ? "published" : "draft",
      title: version.title,
      summary: version.summary ?? "",
      subjectCode: version.subjectCode,
      grades: version.grades ?? [6],
      authors: version.authors ?? [],
      licence: version.licence ?? "CC-BY-4.0",
      url: version.url ?? null,
      file: version.file
        ? { uploadId: new Types.ObjectId(), key: "k", name: "f", size: 1, mimeType: version.file.mimeType, extension: "pdf" }
        : null,
      createdBy: creator,
      createdAt: input.updatedAt,
      updatedAt: input.updatedAt,
    })),
  });
  // The datestamp is updatedAt: set it as if the item had last changed then.
  await Material.updateOne({ _id: created._id }, { $set: { updatedAt: input.updatedAt } }, { timestamps: false });
  return String(created._id);
}

const ids = {
  fractions: "",
  poem: "",
  changedSubject: "",
  link: "",
  deleted: "",
  secrets: [] as string[],
  bulk: [] as string[],
};
const identifier = (id: string) => oaiIdentifier(id);
const PUBLIC_COUNT = 4 + 1 + 130; // four items, one deleted, 130 for paging

beforeAll(async () => {
  await connectDatabase();
  await importSubjects(GDPT_2018_SUBJECTS);
  await upsertOrganisation({ code: "BGDDT-OAI", name: ORG.national, type: "national" });
  await upsertOrganisation({ code: "SGD-OAI", name: "Sở GDĐT Hà Nội", type: "province", parentCode: "BGDDT-OAI" });
  await upsertOrganisation({ code: "PGD-OAI", name: "Phòng GDĐT Long Biên", type: "district", parentCode: "SGD-OAI" });
  schoolId = await upsertOrganisation({ code: "THCS-OAI", name: ORG.school, type: "school", parentCode: "PGD-OAI" });
  const school = await Organisation.findById(schoolId).lean();
  organisationPath = [...school!.ancestorIds, schoolId];

  ids.fractions = await material({
    scope: "national",
    live: 1,
    versions: [
      {
        title: "Bài 1. Phân số & số thập phân",
        // Markup, quotes and a control character XML cannot carry: escaped or dropped, never breaking the document.
        summary: 'So sánh <b>phân số</b> "bằng nhau" & rút gọn\u0001.',
        subjectCode: "TOAN",
        grades: [7, 6],
        authors: ["Nguyễn Văn Minh", "Trần Thị Hà"],
        file: { mimeType: "application/pdf" },
      },
    ],
    updatedAt: new Date("2024-01-10T08:00:00.500Z"),
  });
  ids.poem = await material({
    kind: "video",
    scope: "province",
    live: 1,
    versions: [
      {
        title: "Đọc hiểu bài thơ Quê hương",
        subjectCode: "NGU_VAN",
        grades: [8],
        file: { mimeType: "video/mp4" },
        licence: "CC-BY-SA-4.0",
      },
    ],
    updatedAt: new Date("2024-02-15T12:00:00Z"),
  });
  // Live version 1 is Physics; the draft version 2 moved to Chemistry: the record and its set follow version 1.
  ids.changedSubject = await material({
    scope: "national",
    live: 1,
    versions: [
      { title: "Chuyển động thẳng đều", subjectCode: "VAT_LI", grades: [10] },
      { title: `${SECRET} bản nháp`, subjectCode: "HOA_HOC", grades: [10] },
    ],
    updatedAt: new Date("2024-03-01T00:00:00Z"),
  });
  ids.link = await material({
    kind: "link",
    scope: "national",
    live: 1,
    versions: [{ title: "Bản đồ Việt Nam", subjectCode: "DIA_LI", grades: [10], url: "https://example.edu.vn/ban-do" }],
    updatedAt: new Date("2024-03-05T23:59:59Z"),
  });
  ids.deleted = await material({
    scope: "national",
    live: 1,
    versions: [{ title: "Đã xoá", subjectCode: "TOAN" }],
    updatedAt: new Date("2024-03-10T00:00:00Z"),
    deletedAt: new Date("2024-03-10T00:00:00Z"),
  });
  for (const [scope, live] of [
    ["private", null],
    ["school", 1],
    ["district", 1],
    ["national", null],
    ["province", null],
  ] as const) {
    ids.secrets.push(
      await material({
        scope,
        live,
        versions: [{ title: `${SECRET} ${scope} ${String(live)}`, subjectCode: "TOAN" }],
        updatedAt: new Date("2024-02-01T00:00:00Z"),
      }),
    );
  }
  const bulk = await Material.insertMany(
    Array.from({ length: 130 }, (_, index) => ({
      kind: "lecture" as const,
      ownerOrganisationId: schoolId,
      organisationPath,
      createdBy: creator,
      scope: (index % 2 === 0 ? "national" : "province") as Scope,
      liveVersion: 1,
      title: `Bài giảng Tin học ${index + 1}`,
      subjectCode: "TIN_HOC",
      status: "published" as const,
      versions: [
        {
          number: 1,
          status: "published",
          title: `Bài giảng Tin học ${index + 1}`,
          subjectCode: "TIN_HOC",
          grades: [10],
          createdBy: creator,
        },
      ],
    })),
  );
  ids.bulk = bulk.map((item) => String(item._id));
  // One update at a time: a single bulkWrite of ~100 updates stalls the embedded FerretDB.
  for (const [index, item] of bulk.entries()) {
    // Pairs share a datestamp, so the (updatedAt, _id) order is exercised across page boundaries.
    const updatedAt = new Date(Date.UTC(2025, 0, 1, 0, 0, Math.floor(index / 2)));
    await Material.updateOne({ _id: item._id }, { $set: { updatedAt } }, { timestamps: false });
  }
});

// ---------------------------------------------------------------------------------------------

describe("OAI-PMH provider", () => {
  it("Identify describes the repository", async () => {
    const { root, request } = await oai({ verb: "Identify" });
    const appUrl = getEnv().APP_URL.replace(/\/$/, "");
    expect(text(request)).toBe(`${appUrl}/oai`);
    expect(request["@verb"]).toBe("Identify");
    const identify = root.Identify as Node;
    expect(identify.repositoryName).toBe("Kho Học Liệu");
    expect(identify.baseURL).toBe(`${appUrl}/oai`);
    expect(identify.protocolVersion).toBe("2.0");
    expect(identify.earliestDatestamp).toBe("2024-01-10T08:00:00Z");
    expect(identify.deletedRecord).toBe("transient");
    expect(identify.granularity).toBe("YYYY-MM-DDThh:mm:ssZ");
    expect(text(root.responseDate)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("ListMetadataFormats offers oai_dc, for the repository and for one public item", async () => {
    const queries: Record<string, string>[] = [
      { verb: "ListMetadataFormats" },
      { verb: "ListMetadataFormats", identifier: identifier(ids.fractions) },
    ];
    for (const query of queries) {
      const { root } = await oai(query);
      const formats = (root.ListMetadataFormats as Node).metadataFormat as Node[];
      expect(formats).toEqual([
        {
          metadataPrefix: "oai_dc",
          schema: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
          metadataNamespace: "http://www.openarchives.org/OAI/2.0/oai_dc/",
        },
      ]);
    }
    expect((await oai({ verb: "ListMetadataFormats", identifier: identifier(ids.secrets[1]!) })).errors).toEqual([
      "idDoesNotExist",
    ]);
  });

  it("ListSets has the subject hierarchy: one set per subject, named in Vietnamese", async () => {
    const { root } = await oai({ verb: "ListSets" });
    const sets = ((root.ListSets as Node).set as Node[]).map((set) => [text(set.setSpec), text(set.setName)]);
    expect(sets[0]).toEqual(["subject", "Môn học"]);
    expect(sets).toContainEqual(["subject:TOAN", "Toán"]);
    expect(sets).toContainEqual(["subject:NGU_VAN", "Ngữ văn"]);
    expect(sets).toHaveLength(GDPT_2018_SUBJECTS.length + 1);
  });

  it("GetRecord maps the live version to Dublin Core", async () => {
    const { root, request } = await oai({ verb: "GetRecord", identifier: identifier(ids.fractions), metadataPrefix: "oai_dc" });
    expect(request["@identifier"]).toBe(identifier(ids.fractions));
    expect(identifier(ids.fractions)).toMatch(new RegExp(`^oai:${new URL(getEnv().APP_URL).hostname}:material/[a-f0-9]{24}$`));
    const [record] = records(root);
    expect(record!.header).toEqual({
      identifier: identifier(ids.fractions),
      datestamp: "2024-01-10T08:00:00Z",
      setSpec: ["subject:TOAN"],
    });
    const dc = record!.dc!;
    const appUrl = getEnv().APP_URL.replace(/\/$/, "");
    expect(dc("title")).toEqual(["Bài 1. Phân số & số thập phân"]);
    expect(dc("description")).toEqual(['So sánh <b>phân số</b> "bằng nhau" & rút gọn.']);
    expect(dc("subject")).toEqual(["Toán", "Lớp 6", "Lớp 7"]);
    expect(dc("creator")).toEqual(["Nguyễn Văn Minh", "Trần Thị Hà"]);
    expect(dc("publisher")).toEqual([ORG.school]);
    expect(dc("date")).toEqual(["2024-01-10"]);
    expect(dc("type")).toEqual(["Text"]);
    expect(dc("format")).toEqual(["application/pdf"]);
    expect(dc("identifier")).toEqual([`${appUrl}/materials/${ids.fractions}`]);
    expect(dc("language")).toEqual(["vi"]);
    expect(dc("rights")).toEqual(["CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"]);

    const poem = records((await oai({ verb: "GetRecord", identifier: identifier(ids.poem), metadataPrefix: "oai_dc" })).root)[0]!
      .dc!;
    expect(poem("type")).toEqual(["MovingImage"]);
    expect(poem("format")).toEqual(["video/mp4"]);
    expect(poem("creator")).toEqual([ORG.school]); // no authors: the owner organisation
    expect(poem("rights")).toEqual(["CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/"]);

    const link = records((await oai({ verb: "GetRecord", identifier: identifier(ids.link), metadataPrefix: "oai_dc" })).root)[0]!
      .dc!;
    expect(link("type")).toEqual(["Text"]);
    expect(link("relation")).toEqual(["https://example.edu.vn/ban-do"]);
    expect(link("format")).toEqual([]);
  });

  it("GetRecord of an item whose newer draft changed subject disseminates the live version", async () => {
    const { xml, root } = await oai({ verb: "GetRecord", identifier: identifier(ids.changedSubject), metadataPrefix: "oai_dc" });
    const [record] = records(root);
    expect(record!.header.setSpec).toEqual(["subject:VAT_LI"]);
    expect(record!.dc!("title")).toEqual(["Chuyển động thẳng đều"]);
    expect(xml).not.toContain(SECRET);
  });

  it("a deleted public item is a deleted header without metadata", async () => {
    const { root } = await oai({ verb: "GetRecord", identifier: identifier(ids.deleted), metadataPrefix: "oai_dc" });
    const [record] = records(root);
    expect(record!.header.status).toBe("deleted");
    expect(record!.dc).toBeNull();
  });

  it("ListRecords selects by from and until, at either granularity, inclusive", async () => {
    const byDay = await listAll("ListRecords", { metadataPrefix: "oai_dc", from: "2024-02-01", until: "2024-03-05" });
    expect(byDay.headers.map((header) => header.identifier)).toEqual([ids.poem, ids.changedSubject, ids.link].map(identifier));
    const bySecond = await listAll("ListRecords", {
      metadataPrefix: "oai_dc",
      from: "2024-01-10T08:00:00Z",
      until: "2024-01-10T08:00:00Z",
    });
    expect(bySecond.headers.map((header) => header.identifier)).toEqual([identifier(ids.fractions)]);
    const fromOnly = await listAll("ListIdentifiers", { metadataPrefix: "oai_dc", from: "2024-03-06T00:00:00Z" });
    expect(fromOnly.headers).toHaveLength(1 + 130);
    expect(fromOnly.headers[0]).toMatchObject({ identifier: identifier(ids.deleted), status: "deleted" });
    const untilOnly = await listAll("ListIdentifiers", { metadataPrefix: "oai_dc", until: "2024-01-31" });
    expect(untilOnly.headers.map((header) => header.identifier)).toEqual([identifier(ids.fractions)]);
  });

  it("ListRecords selects by set: the live version's subject, or the whole hierarchy", async () => {
    const maths = await listAll("ListRecords", { metadataPrefix: "oai_dc", set: "subject:TOAN" });
    expect(maths.headers.map((header) => header.identifier)).toEqual([ids.fractions, ids.deleted].map(identifier));
    const physics = await listAll("ListRecords", { metadataPrefix: "oai_dc", set: "subject:VAT_LI" });
    expect(physics.headers.map((header) => header.identifier)).toEqual([identifier(ids.changedSubject)]);
    expect((await oai({ verb: "ListRecords", metadataPrefix: "oai_dc", set: "subject:HOA_HOC" })).errors).toEqual([
      "noRecordsMatch",
    ]);
    expect((await oai({ verb: "ListRecords", metadataPrefix: "oai_dc", set: "subject:KHONG_CO" })).errors).toEqual([
      "noRecordsMatch",
    ]);
    const everything = await listAll("ListIdentifiers", { metadataPrefix: "oai_dc", set: "subject" });
    expect(everything.headers).toHaveLength(PUBLIC_COUNT);
  });

  it("pages of 100 with resumption tokens carrying completeListSize and cursor", async () => {
    const { headers, tokens } = await listAll("ListIdentifiers", { metadataPrefix: "oai_dc" });
    expect(headers).toHaveLength(PUBLIC_COUNT);
    expect(new Set(headers.map((header) => header.identifier)).size).toBe(PUBLIC_COUNT);
    expect(tokens).toEqual([
      { token: expect.any(String), completeListSize: PUBLIC_COUNT, cursor: 0 },
      { token: "", completeListSize: PUBLIC_COUNT, cursor: 100 },
    ]);
    // In datestamp order, ties broken by id.
    const datestamps = headers.map((header) => header.datestamp);
    expect([...datestamps].sort()).toEqual(datestamps);
  });

  it("smaller pages of ListRecords within a set, with from, resume where they stopped", async () => {
    const options = { pageSize: 41 }; // pages end inside pairs of equal datestamps
    const { headers, tokens } = await listAll(
      "ListRecords",
      { metadataPrefix: "oai_dc", set: "subject:TIN_HOC", from: "2025-01-01" },
      options,
    );
    expect(headers.map((header) => header.identifier)).toEqual(ids.bulk.map(identifier));
    expect(tokens.map((token) => token.cursor)).toEqual([0, 41, 82, 123]);
    expect(tokens.at(-1)!.token).toBe("");
    expect(tokens.every((token) => token.completeListSize === 130)).toBe(true);
  });

  it("private, school and district items and unapproved ones never appear", async () => {
    const { headers } = await listAll("ListRecords", { metadataPrefix: "oai_dc" }, { pageSize: 60 });
    const seen = new Set(headers.map((header) => header.identifier));
    const expected = [ids.fractions, ids.poem, ids.changedSubject, ids.link, ids.deleted, ...ids.bulk].map(identifier);
    expect([...seen].sort()).toEqual([...expected].sort());
    for (const id of ids.secrets) {
      expect(seen.has(identifier(id))).toBe(false);
      const answer = await oai({ verb: "GetRecord", identifier: identifier(id), metadataPrefix: "oai_dc" });
      expect(answer.errors).toEqual(["idDoesNotExist"]);
      expect(answer.xml).not.toContain(SECRET);
    }
    const pages = await Promise.all(
      ["subject:TOAN", "subject:HOA_HOC", "subject"].map((set) =>
        respondToOaiRequest(new URLSearchParams({ verb: "ListRecords", metadataPrefix: "oai_dc", set })),
      ),
    );
    for (const xml of pages) expect(xml).not.toContain(SECRET);
  });

  it("answers protocol errors with their codes, echoing arguments only when they were valid", async () => {
    const cases: [Record<string, string> | string, string][] = [
      ["", "badVerb"],
      [{ verb: "ListEverything" }, "badVerb"],
      ["verb=Identify&verb=ListSets", "badVerb"],
      [{ verb: "Identify", metadataPrefix: "oai_dc" }, "badArgument"],
      [{ verb: "ListRecords" }, "badArgument"],
      [{ verb: "GetRecord", metadataPrefix: "oai_dc" }, "badArgument"],
      ["verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", from: "2024-13-01" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", from: "2024-02-30" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", from: "2024-01-01T00:00:00+07:00" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", from: "2024-01-01", until: "2024-02-01T00:00:00Z" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", from: "2024-02-01", until: "2024-01-01" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", set: "subject TOAN" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai dc" }, "badArgument"],
      [{ verb: "ListRecords", metadataPrefix: "oai_dc", from: "" }, "badArgument"],
      [{ verb: "ListIdentifiers", resumptionToken: "abc", metadataPrefix: "oai_dc" }, "badArgument"],
    ];
    for (const [query, code] of cases) {
      const { errors, request } = await oai(query);
      expect({ query, errors }).toEqual({ query, errors: [code] });
      // After badVerb or badArgument, <request> has the base URL only.
      expect(typeof request === "string" || Object.keys(request).every((key) => !key.startsWith("@"))).toBe(true);
    }

    const cannot = await oai({ verb: "ListRecords", metadataPrefix: "marc21" });
    expect(cannot.errors).toEqual(["cannotDisseminateFormat"]);
    expect(cannot.request["@metadataPrefix"]).toBe("marc21");
    expect((await oai({ verb: "GetRecord", identifier: identifier(ids.fractions), metadataPrefix: "lom" })).errors).toEqual([
      "cannotDisseminateFormat",
    ]);

    for (const unknown of [
      identifier(new Types.ObjectId().toHexString()),
      "oai:elsewhere.vn:material/1",
      `oai:x:material/${ids.fractions}`,
    ]) {
      expect((await oai({ verb: "GetRecord", identifier: unknown, metadataPrefix: "oai_dc" })).errors).toEqual([
        "idDoesNotExist",
      ]);
    }

    expect((await oai({ verb: "ListRecords", metadataPrefix: "oai_dc", from: "2030-01-01" })).errors).toEqual(["noRecordsMatch"]);
    expect((await oai({ verb: "ListIdentifiers", metadataPrefix: "oai_dc", until: "2000-01-01" })).errors).toEqual([
      "noRecordsMatch",
    ]);

    const forged = Buffer.from(JSON.stringify({ v: 1, p: "marc21" })).toString("base64url");
    const outOfRange = Buffer.from(
      JSON.stringify({ v: 1, p: "oai_dc", f: null, u: null, s: null, a: { t: 1e300, i: ids.fractions }, c: 0, n: 1 }),
    ).toString("base64url");
    for (const token of ["not-a-token", forged, outOfRange, "%%%", "e30"]) {
      const { errors, request } = await oai({ verb: "ListRecords", resumptionToken: token });
      expect(errors).toEqual(["badResumptionToken"]);
      expect(request["@resumptionToken"]).toBe(token);
    }
    expect((await oai({ verb: "ListSets", resumptionToken: "anything" })).errors).toEqual(["badResumptionToken"]);
  });

  it("the /oai route answers GET and form POST as text/xml", async () => {
    const url = `${getEnv().APP_URL.replace(/\/$/, "")}/oai`;
    const get = (await oaiRoute.loader({
      request: new Request(
        `${url}?verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier(ids.fractions))}`,
      ),
      params: {},
      context: {},
    })) as Response;
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const getXml = await get.text();
    await expectValidOaiResponse(getXml);
    expect(getXml).toContain("Bài 1. Phân số &amp; số thập phân");

    const post = (await oaiRoute.action({
      request: new Request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ verb: "ListSets" }),
      }),
      params: {},
      context: {},
    })) as Response;
    expect(post.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const postXml = await post.text();
    await expectValidOaiResponse(postXml);
    expect(postXml).toContain("<setSpec>subject:TOAN</setSpec>");

    const json = (await oaiRoute.action({
      request: new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"verb":"Identify"}' }),
      params: {},
      context: {},
    })) as Response;
    const jsonXml = await json.text();
    await expectValidOaiResponse(jsonXml);
    expect(jsonXml).toContain('code="badVerb"');
  });
});

// ---------------------------------------------------------------------------------------------
// Harvesting: instance A is the provider above served over HTTP; instance B harvests it into
// HarvestedItem documents of the same test database.

function serve(
  handler: (url: URL) => Promise<{ status: number; body: string }> | null,
): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const answer = handler(new URL(req.url ?? "/", "http://127.0.0.1"));
    if (!answer) return; // never answers: the harvester's timeout is under test
    answer.then(
      ({ status, body }) => res.writeHead(status, { "content-type": "text/xml; charset=utf-8" }).end(body),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai` }),
    ),
  );
}

describe("OAI-PMH harvester", () => {
  const servers: Server[] = [];
  let provider = "";
  let requests: URLSearchParams[] = [];

  beforeAll(async () => {
    await HarvestedItem.init();
    await HarvestSource.init();
    const started = await serve(async (url) => {
      requests.push(url.searchParams);
      return { status: 200, body: await respondToOaiRequest(url.searchParams, { pageSize: 25 }) };
    });
    servers.push(started.server);
    provider = started.base;
  });

  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** Every harvested document of the provider, without the harvest time, for comparisons. */
  const snapshot = async () =>
    (await HarvestedItem.find({ source: provider }, { _id: 0, harvestedAt: 0, __v: 0 }).sort({ identifier: 1 }).lean()).map(
      (item) => ({
        ...item,
        datestamp: item.datestamp.toISOString(),
      }),
    );

  it("harvests everything the first time, then only what changed, and re-running changes nothing", async () => {
    const first = await harvestSource(provider);
    expect(first).toMatchObject({ ok: true, from: null, records: PUBLIC_COUNT, deleted: 1, skipped: 0, pages: 6, error: null });
    expect(await HarvestedItem.countDocuments({ source: provider })).toBe(PUBLIC_COUNT);
    expect(requests.filter((params) => params.get("resumptionToken")).length).toBe(5);

    const fractions = await HarvestedItem.findOne({ source: provider, identifier: identifier(ids.fractions) }).lean();
    expect(fractions).toMatchObject({
      deleted: false,
      datestamp: new Date("2024-01-10T08:00:00Z"),
      title: "Bài 1. Phân số & số thập phân",
      description: 'So sánh <b>phân số</b> "bằng nhau" & rút gọn.',
      subjects: ["Toán", "Lớp 6", "Lớp 7"],
      creators: ["Nguyễn Văn Minh", "Trần Thị Hà"],
      publisher: ORG.school,
      identifierUrl: `${getEnv().APP_URL.replace(/\/$/, "")}/materials/${ids.fractions}`,
      type: "Text",
      language: "vi",
      rights: "CC-BY-4.0",
    });
    expect(await HarvestedItem.findOne({ identifier: identifier(ids.deleted) }).lean()).toMatchObject({ deleted: true });
    const state = await HarvestSource.findOne({ source: provider }).lean();
    expect(state?.lastResponseDate?.toISOString()).toBe(first.responseDate);
    expect(state?.lastError).toBeNull();

    // Changes at the provider after the first harvest: an edit, a deletion, a new public item, a private one.
    await Material.updateOne(
      { _id: ids.poem },
      { $set: { title: "Đọc hiểu: Quê hương (Tế Hanh)", "versions.0.title": "Đọc hiểu: Quê hương (Tế Hanh)" } },
    );
    await Material.updateOne({ _id: ids.link }, { $set: { deletedAt: new Date() } });
    const added = await material({
      scope: "national",
      live: 1,
      versions: [{ title: "Âm nhạc dân gian", subjectCode: "AM_NHAC", grades: [5] }],
      updatedAt: new Date(),
    });
    await material({
      scope: "school",
      live: 1,
      versions: [{ title: `${SECRET} mới`, subjectCode: "TOAN" }],
      updatedAt: new Date(),
    });

    requests = [];
    const second = await harvestSource(provider);
    expect(second).toMatchObject({ ok: true, from: `${first.responseDate!.slice(0, 19)}Z`, records: 3, deleted: 1, pages: 1 });
    expect(requests.map((params) => params.get("from"))).toEqual([null, second.from]);
    expect(await HarvestedItem.countDocuments({ source: provider })).toBe(PUBLIC_COUNT + 1);
    expect(await HarvestedItem.findOne({ identifier: identifier(ids.poem) }).lean()).toMatchObject({
      title: "Đọc hiểu: Quê hương (Tế Hanh)",
    });
    expect(await HarvestedItem.findOne({ identifier: identifier(ids.link) }).lean()).toMatchObject({
      deleted: true,
      title: "Bản đồ Việt Nam",
    });
    expect(await HarvestedItem.findOne({ identifier: identifier(added) }).lean()).toMatchObject({
      subjects: ["Âm nhạc", "Lớp 5"],
    });
    expect(await HarvestedItem.countDocuments({ title: new RegExp(SECRET) })).toBe(0);

    // Idempotent: again incrementally, then from scratch, the harvested documents stay the same.
    const before = await snapshot();
    const third = await harvestSource(provider);
    expect(third.ok).toBe(true);
    expect(third.records).toBeLessThanOrEqual(3);
    expect(await snapshot()).toEqual(before);
    await HarvestSource.deleteOne({ source: provider });
    const full = await harvestSource(provider);
    expect(full).toMatchObject({ ok: true, from: null, records: PUBLIC_COUNT + 1 });
    expect(await snapshot()).toEqual(before);
  });

  it("reads its sources from OAI_HARVEST_SOURCES", () => {
    expect(parseInteropEnv({}).OAI_HARVEST_SOURCES).toEqual([]);
    expect(
      parseInteropEnv({ OAI_HARVEST_SOURCES: " https://a.edu.vn/oai , http://b.vn/cgi/oai2?x=1,," }).OAI_HARVEST_SOURCES,
    ).toEqual(["https://a.edu.vn/oai", "http://b.vn/cgi/oai2?x=1"]);
    expect(() => parseInteropEnv({ OAI_HARVEST_SOURCES: "ftp://a.vn/oai" })).toThrow(InvalidConfigurationError);
    expect(() => parseInteropEnv({ OAI_ADMIN_EMAIL: "not-an-email" })).toThrow(/OAI_ADMIN_EMAIL/);
  });

  it("a failing or silent provider fails the harvest without moving `from` forward", async () => {
    let mode: "ok" | "error" | "silent" | "garbage" = "ok";
    const started = await serve((url) => {
      if (mode === "silent") return null;
      if (mode === "error") return Promise.resolve({ status: 500, body: "boom" });
      if (mode === "garbage" && url.searchParams.get("verb") === "ListRecords")
        return Promise.resolve({ status: 200, body: "<html>" });
      return respondToOaiRequest(url.searchParams, { pageSize: 50 }).then((body) => ({ status: 200, body }));
    });
    servers.push(started.server);
    const ok = await harvestSource(started.base);
    expect(ok.ok).toBe(true);

    for (const [failure, message] of [
      ["error", "HTTP 500"],
      ["silent", "no answer within 300 ms"],
      ["garbage", "not an OAI-PMH response"],
    ] as const) {
      mode = failure;
      const report = await harvestSource(started.base, { timeoutMs: 300 });
      expect(report).toMatchObject({ ok: false });
      expect(report.error).toContain(message);
      const state = await HarvestSource.findOne({ source: started.base }).lean();
      expect(state?.lastResponseDate?.toISOString()).toBe(ok.responseDate);
      expect(state?.lastError).toContain(message);
    }
    mode = "ok";
    expect((await harvestSource(started.base)).ok).toBe(true);
    expect((await HarvestSource.findOne({ source: started.base }).lean())?.lastError).toBeNull();
  });
});

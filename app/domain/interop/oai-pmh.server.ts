// OAI-PMH 2.0 data provider (http://www.openarchives.org/OAI/2.0/openarchivesprotocol.htm): the
// materials shared with a province or the whole country, as unqualified Dublin Core. See
// docs/interoperability.md for what is exposed and how.
import { Types, type QueryFilter } from "mongoose";
import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import type { Licence, MaterialKind, Scope } from "#content-schemas/materials";
import { Material, type MaterialDoc, type MaterialVersionDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { Subject } from "#models/subject";
import { getEnv } from "~/config/env.server";
import { getInteropEnv } from "~/config/interop-env.server";
import { connectDatabase } from "~/services/db.server";

export const OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/";
export const OAI_DC_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/";
export const DC_NAMESPACE = "http://purl.org/dc/elements/1.1/";
const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
const OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";
const OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";

/** Records per ListRecords / ListIdentifiers response. */
export const OAI_PAGE_SIZE = 100;
/** Scopes whose live version anyone may harvest; narrower scopes never leave the system. */
export const OAI_PUBLIC_SCOPES = ["province", "national"] as const satisfies readonly Scope[];
export const OAI_REPOSITORY_NAME = "Kho Học Liệu";
/** The one set hierarchy: `subject` and one child set per subject of the curriculum, `subject:TOAN`. */
export const SUBJECT_SET = "subject";

export const DCMI_TYPE: Record<MaterialKind, string> = {
  lecture: "Text",
  document: "Text",
  slides: "Text",
  ebook: "Text",
  link: "Text",
  video: "MovingImage",
  audio: "Sound",
  image: "StillImage",
  simulation: "InteractiveResource",
};

const LICENCE_URL: Record<Licence, string | null> = {
  "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
  "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
  "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
  "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
  "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
  "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
  "all-rights-reserved": null,
};

export interface OaiOptions {
  /** Records per page (tests use small pages). */
  pageSize?: number;
  /** The clock, for responseDate. */
  now?: Date;
}

// ---------------------------------------------------------------------------------------------
// A small XML writer: a tree of elements and text, escaped in one place when serialised.

interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string | number | undefined>>;
  children: readonly XmlNode[];
}
type XmlNode = XmlElement | string;

function el(
  name: string,
  attributes: Readonly<Record<string, string | number | undefined>> = {},
  children: readonly XmlNode[] = [],
): XmlElement {
  return { name, attributes, children };
}
const textEl = (name: string, text: string, attributes: Readonly<Record<string, string | undefined>> = {}) =>
  el(name, attributes, [text]);

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(value: string) {
  return value.replace(NOT_XML_CHAR, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function escapeAttribute(value: string) {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

function serialise(node: XmlNode): string {
  if (typeof node === "string") return escapeText(node);
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join("");
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map(serialise).join("")}</${node.name}>`;
}

// ---------------------------------------------------------------------------------------------
// Dates: datestamps and responseDate to the second, in UTC.

/** `YYYY-MM-DDThh:mm:ssZ` (milliseconds dropped: the repository's granularity is the second). */
export function formatDatestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A from/until argument: its instant and granularity, or null when it is not a real UTC date. */
function parseUtc(value: string): { date: Date; granularity: "day" | "second" } | null {
  const day = DAY.exec(value);
  const second = SECOND.exec(value);
  const parts = (day ?? second)?.slice(1).map(Number);
  if (!parts) return null;
  const [year = 0, month = 1, dayOfMonth = 1, hours = 0, minutes = 0, seconds = 0] = parts;
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth, hours, minutes, seconds));
  // Date.UTC rolls 2024-02-30 over to March; a real date reads back the same.
  const roundTrip = day ? date.toISOString().slice(0, 10) : formatDatestamp(date);
  if (Number.isNaN(date.getTime()) || roundTrip !== value || year < 1000) return null;
  return { date, granularity: day ? "day" : "second" };
}

// ---------------------------------------------------------------------------------------------
// Requests: verbs, their arguments, errors.

const VERBS = {
  Identify: { required: [], optional: [], exclusive: null },
  ListMetadataFormats: { required: [], optional: ["identifier"], exclusive: null },
  ListSets: { required: [], optional: [], exclusive: "resumptionToken" },
  GetRecord: { required: ["identifier", "metadataPrefix"], optional: [], exclusive: null },
  ListIdentifiers: { required: ["metadataPrefix"], optional: ["from", "until", "set"], exclusive: "resumptionToken" },
  ListRecords: { required: ["metadataPrefix"], optional: ["from", "until", "set"], exclusive: "resumptionToken" },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[]; exclusive: string | null }>;
type Verb = keyof typeof VERBS;
const isVerb = (value: string): value is Verb => Object.hasOwn(VERBS, value);

export const OAI_ERROR_CODES = [
  "badArgument",
  "badResumptionToken",
  "badVerb",
  "cannotDisseminateFormat",
  "idDoesNotExist",
  "noRecordsMatch",
  "noMetadataFormats",
  "noSetHierarchy",
] as const;
export type OaiErrorCode = (typeof OAI_ERROR_CODES)[number];

class OaiError extends Error {
  override name = "OaiError";
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const METADATA_PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

interface ListQuery {
  /** Inclusive lower bound of updatedAt (ms). */
  from: number | null;
  /** Exclusive upper bound of updatedAt (ms): `until` plus one unit of its granularity. */
  until: number | null;
  set: string | null;
}

/**
 * The resumption token: opaque to harvesters, base64url JSON carrying the whole list request
 * and the position after the last record sent (updatedAt, _id) — a keyset rather than an offset, so
 * records changing while a harvester pages through do not shift the pages under it.
 */
const instantMs = z.number().int().min(0).max(8_640_000_000_000_000);
const tokenSchema = z.object({
  v: z.literal(1),
  p: z.literal("oai_dc"),
  f: instantMs.nullable(),
  u: instantMs.nullable(),
  s: z.string().regex(SET_SPEC).nullable(),
  a: z.object({ t: instantMs, i: objectIdSchema }),
  /** Records sent before the next page. */
  c: z.number().int().min(0),
  /** completeListSize, counted for the first page. */
  n: z.number().int().min(0),
});
type Token = z.infer<typeof tokenSchema>;

const encodeToken = (token: Token) => Buffer.from(JSON.stringify(token)).toString("base64url");

function decodeToken(value: string): Token {
  let parsed: unknown = null;
  try {
    if (/^[A-Za-z0-9_-]{1,2000}$/.test(value)) parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const token = tokenSchema.safeParse(parsed);
  if (!token.success) throw new OaiError("badResumptionToken", "Mã tiếp tục (resumptionToken) không hợp lệ.");
  return token.data;
}

// ---------------------------------------------------------------------------------------------
// Repository context: base URL, identifiers.

interface Context {
  appUrl: string;
  baseUrl: string;
  host: string;
  now: Date;
  pageSize: number;
}

function context(options: OaiOptions): Context {
  const appUrl = getEnv().APP_URL.replace(/\/+$/, "");
  return {
    appUrl,
    baseUrl: `${appUrl}/oai`,
    host: new URL(appUrl).hostname,
    now: options.now ?? new Date(),
    pageSize: options.pageSize ?? OAI_PAGE_SIZE,
  };
}

/** `oai:<host of APP_URL>:material/<id>`. */
export function oaiIdentifier(materialId: string, host = new URL(getEnv().APP_URL).hostname): string {
  return `oai:${host}:material/${materialId}`;
}

function materialIdFrom(identifier: string, ctx: Context): Types.ObjectId | null {
  const prefix = `oai:${ctx.host}:material/`;
  if (!identifier.startsWith(prefix)) return null;
  const id = identifier.slice(prefix.length);
  return /^[a-f0-9]{24}$/.test(id) ? new Types.ObjectId(id) : null;
}

// ---------------------------------------------------------------------------------------------
// Queries.

/**
 * Items harvesters may see: a live (approved) version, shared with a province or nationally.
 * Deleted ones stay in the list as deleted records until the worker purges them (deletedRecord
 * "transient"), so the filter leaves `deletedAt` open.
 */
const PUBLIC_FILTER: QueryFilter<MaterialDoc> = {
  scope: { $in: [...OAI_PUBLIC_SCOPES] },
  liveVersion: { $ne: null },
};

/** Large fields no record needs: lecture bodies, derived files, the outbox, review history. */
const PROJECTION = {
  outbox: 0,
  counters: 0,
  "versions.body": 0,
  "versions.derived": 0,
  "versions.processing": 0,
  reviews: 0,
  trail: 0,
} as const;

type PublicMaterial = Omit<MaterialDoc, "outbox" | "counters">;

const liveVersionOf = (material: PublicMaterial): MaterialVersionDoc | undefined =>
  material.liveVersion ? material.versions[material.liveVersion - 1] : undefined;

/** The subject set a record belongs to: that of its live version (a newer draft may have changed it). */
function inSet(material: PublicMaterial, set: string | null) {
  if (set === null || set === SUBJECT_SET) return true;
  return `${SUBJECT_SET}:${liveVersionOf(material)?.subjectCode ?? ""}` === set;
}

function listFilter(query: ListQuery): QueryFilter<MaterialDoc> {
  const filter: QueryFilter<MaterialDoc> = { ...PUBLIC_FILTER };
  if (query.from !== null || query.until !== null) {
    filter.updatedAt = {
      ...(query.from !== null ? { $gte: new Date(query.from) } : {}),
      ...(query.until !== null ? { $lt: new Date(query.until) } : {}),
    };
  }
  // Any version with the subject: a superset, narrowed to the live version's subject by inSet().
  if (query.set !== null && query.set !== SUBJECT_SET) filter["versions.subjectCode"] = query.set.slice(SUBJECT_SET.length + 1);
  return filter;
}

const after = (position: { t: number; i: string }): QueryFilter<MaterialDoc> => ({
  $or: [
    { updatedAt: { $gt: new Date(position.t) } },
    { updatedAt: new Date(position.t), _id: { $gt: new Types.ObjectId(position.i) } },
  ],
});

/**
 * One page of the list in (updatedAt, _id) order, and whether more follow. Scans past items
 * whose live version is in another set without ever returning an empty page while more exist.
 */
async function readPage(query: ListQuery, position: Token["a"] | null, pageSize: number) {
  const filter = listFilter(query);
  const matched: PublicMaterial[] = [];
  let scanFrom = position;
  for (;;) {
    const batch = await Material.find(scanFrom ? { $and: [filter, after(scanFrom)] } : filter, PROJECTION)
      .sort({ updatedAt: 1, _id: 1 })
      .limit(pageSize + 1)
      .lean<PublicMaterial[]>();
    for (const material of batch) {
      if (inSet(material, query.set)) matched.push(material);
      if (matched.length > pageSize) return { records: matched.slice(0, pageSize), more: true };
    }
    const last = batch.at(-1);
    if (batch.length <= pageSize || !last) return { records: matched, more: false };
    scanFrom = { t: last.updatedAt.getTime(), i: String(last._id) };
  }
}

async function subjectNames() {
  const subjects = await Subject.find({}, { code: 1, name: 1, order: 1 }).sort({ order: 1 }).lean();
  return new Map(subjects.map((subject) => [subject.code, subject.name]));
}

async function organisationNames(materials: readonly PublicMaterial[]) {
  const ids = [...new Set(materials.map((material) => String(material.ownerOrganisationId)))];
  const organisations = await Organisation.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(organisations.map((organisation) => [String(organisation._id), organisation.name]));
}

// ---------------------------------------------------------------------------------------------
// Records.

function header(material: PublicMaterial, ctx: Context): XmlElement {
  const deleted = material.deletedAt !== null && material.deletedAt !== undefined;
  const subjectCode = liveVersionOf(material)?.subjectCode;
  return el("header", { status: deleted ? "deleted" : undefined }, [
    textEl("identifier", oaiIdentifier(String(material._id), ctx.host)),
    textEl("datestamp", formatDatestamp(material.updatedAt)),
    ...(subjectCode ? [textEl("setSpec", `${SUBJECT_SET}:${subjectCode}`)] : []),
  ]);
}

interface Names {
  subjects: Map<string, string>;
  organisations: Map<string, string>;
}

/** The live version as unqualified Dublin Core (mapping table in docs/interoperability.md). */
function dublinCore(material: PublicMaterial, version: MaterialVersionDoc, names: Names, ctx: Context): XmlElement {
  const dc = (name: string, text: string, lang?: string) => textEl(`dc:${name}`, text, lang ? { "xml:lang": lang } : {});
  const organisation = names.organisations.get(String(material.ownerOrganisationId)) ?? null;
  const licence = version.licence as Licence;
  const authors = version.authors.filter((author) => author.trim().length > 0);
  const creators = authors.length > 0 ? authors : organisation ? [organisation] : [];
  const elements: XmlElement[] = [
    dc("title", version.title, version.language),
    ...(version.summary.trim() ? [dc("description", version.summary, version.language)] : []),
    dc("subject", names.subjects.get(version.subjectCode) ?? version.subjectCode, "vi"),
    ...[...version.grades].sort((a, b) => a - b).map((grade) => dc("subject", `Lớp ${grade}`, "vi")),
    ...creators.map((creator) => dc("creator", creator)),
    ...(organisation ? [dc("publisher", organisation)] : []),
    dc("date", version.updatedAt.toISOString().slice(0, 10)),
    dc("type", DCMI_TYPE[material.kind as MaterialKind]),
    ...(version.file ? [dc("format", version.file.mimeType)] : []),
    dc("identifier", `${ctx.appUrl}/materials/${String(material._id)}`),
    ...(material.kind === "link" && version.url ? [dc("relation", version.url)] : []),
    dc("language", version.language),
    dc("rights", licence),
    ...(LICENCE_URL[licence] ? [dc("rights", LICENCE_URL[licence])] : []),
  ];
  return el(
    "oai_dc:dc",
    {
      "xmlns:oai_dc": OAI_DC_NAMESPACE,
      "xmlns:dc": DC_NAMESPACE,
      "xmlns:xsi": XSI_NAMESPACE,
      "xsi:schemaLocation": `${OAI_DC_NAMESPACE} ${OAI_DC_SCHEMA}`,
    },
    elements,
  );
}

function record(material: PublicMaterial, names: Names, ctx: Context): XmlElement {
  const version = liveVersionOf(material);
  const recordHeader = header(material, ctx);
  if (recordHeader.attributes.status === "deleted" || !version) return el("record", {}, [recordHeader]);
  return el("record", {}, [recordHeader, el("metadata", {}, [dublinCore(material, version, names, ctx)])]);
}

// ---------------------------------------------------------------------------------------------
// Verbs.

type Arguments = Record<string, string>;

function requireOaiDc(prefix: string) {
  if (prefix !== "oai_dc") {
    throw new OaiError("cannotDisseminateFormat", `Kho chỉ cung cấp định dạng oai_dc, không có «${prefix}».`);
  }
}

async function identify(ctx: Context): Promise<XmlElement> {
  const earliest = await Material.findOne(PUBLIC_FILTER, { updatedAt: 1 }).sort({ updatedAt: 1, _id: 1 }).lean();
  return el("Identify", {}, [
    textEl("repositoryName", OAI_REPOSITORY_NAME),
    textEl("baseURL", ctx.baseUrl),
    textEl("protocolVersion", "2.0"),
    textEl("adminEmail", getInteropEnv().OAI_ADMIN_EMAIL ?? defaultAdminEmail(ctx.host)),
    textEl("earliestDatestamp", formatDatestamp(earliest?.updatedAt ?? ctx.now)),
    textEl("deletedRecord", "transient"),
    textEl("granularity", "YYYY-MM-DDThh:mm:ssZ"),
  ]);
}

function defaultAdminEmail(host: string) {
  return `quantri@${host.includes(".") ? host : `${host}.invalid`}`;
}

function listMetadataFormats(): XmlElement {
  return el("ListMetadataFormats", {}, [
    el("metadataFormat", {}, [
      textEl("metadataPrefix", "oai_dc"),
      textEl("schema", OAI_DC_SCHEMA),
      textEl("metadataNamespace", OAI_DC_NAMESPACE),
    ]),
  ]);
}

async function findPublic(identifier: string, ctx: Context): Promise<PublicMaterial> {
  const id = materialIdFrom(identifier, ctx);
  const material = id ? await Material.findOne({ ...PUBLIC_FILTER, _id: id }, PROJECTION).lean<PublicMaterial>() : null;
  if (!material) throw new OaiError("idDoesNotExist", `Không có bản ghi «${identifier}» trong kho.`);
  return material;
}

async function listSets(): Promise<XmlElement> {
  const subjects = await Subject.find({}, { code: 1, name: 1, order: 1 }).sort({ order: 1 }).lean();
  return el("ListSets", {}, [
    el("set", {}, [textEl("setSpec", SUBJECT_SET), textEl("setName", "Môn học")]),
    ...subjects.map((subject) =>
      el("set", {}, [textEl("setSpec", `${SUBJECT_SET}:${subject.code}`), textEl("setName", subject.name)]),
    ),
  ]);
}

async function getRecord(args: Arguments, ctx: Context): Promise<XmlElement> {
  requireOaiDc(args.metadataPrefix ?? "");
  const material = await findPublic(args.identifier ?? "", ctx);
  const names = { subjects: await subjectNames(), organisations: await organisationNames([material]) };
  return el("GetRecord", {}, [record(material, names, ctx)]);
}

function listQueryFrom(args: Arguments): ListQuery {
  requireOaiDc(args.metadataPrefix ?? "");
  const from = args.from === undefined ? null : parseUtc(args.from);
  const until = args.until === undefined ? null : parseUtc(args.until);
  const untilEnd = until ? until.date.getTime() + (until.granularity === "day" ? 86_400_000 : 1_000) : null;
  return { from: from ? from.date.getTime() : null, until: untilEnd, set: args.set ?? null };
}

async function list(verb: "ListIdentifiers" | "ListRecords", args: Arguments, ctx: Context): Promise<XmlElement> {
  const token = args.resumptionToken === undefined ? null : decodeToken(args.resumptionToken);
  const query: ListQuery = token ? { from: token.f, until: token.u, set: token.s } : listQueryFrom(args);
  const page = await readPage(query, token?.a ?? null, ctx.pageSize);
  if (page.records.length === 0) {
    throw new OaiError("noRecordsMatch", "Không có bản ghi nào khớp với yêu cầu.");
  }
  const cursor = token?.c ?? 0;
  const sent = cursor + page.records.length;
  // Counted once, for the first page; the list may grow while it is harvested.
  const completeListSize = Math.max(token?.n ?? (await Material.countDocuments(listFilter(query))), sent + (page.more ? 1 : 0));
  const last = page.records.at(-1)!;
  const next: Token | null = page.more
    ? {
        v: 1,
        p: "oai_dc",
        f: query.from,
        u: query.until,
        s: query.set,
        a: { t: last.updatedAt.getTime(), i: String(last._id) },
        c: sent,
        n: completeListSize,
      }
    : null;
  const resumption =
    next || token
      ? [
          textEl("resumptionToken", next ? encodeToken(next) : "", {
            completeListSize: String(completeListSize),
            cursor: String(cursor),
          }),
        ]
      : [];
  if (verb === "ListIdentifiers") return el(verb, {}, [...page.records.map((material) => header(material, ctx)), ...resumption]);
  const names = { subjects: await subjectNames(), organisations: await organisationNames(page.records) };
  return el(verb, {}, [...page.records.map((material) => record(material, names, ctx)), ...resumption]);
}

/** Checks the verb and its arguments; what passes is echoed in `<request>`. */
function parseRequest(params: URLSearchParams): { verb: Verb; args: Arguments } {
  const verbs = params.getAll("verb");
  const verb = verbs[0];
  if (verbs.length !== 1 || verb === undefined || !isVerb(verb)) {
    throw new OaiError("badVerb", verbs.length > 1 ? "Tham số verb bị lặp lại." : "Thiếu verb hoặc verb không hợp lệ.");
  }
  const rules: { required: readonly string[]; optional: readonly string[]; exclusive: string | null } = VERBS[verb];
  const allowed = new Set<string>(["verb", ...rules.required, ...rules.optional, ...(rules.exclusive ? [rules.exclusive] : [])]);
  const args: Arguments = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (!allowed.has(key)) throw new OaiError("badArgument", `Tham số «${key}» không dùng được với ${verb}.`);
    if (values.length > 1) throw new OaiError("badArgument", `Tham số «${key}» bị lặp lại.`);
    if (!values[0]) throw new OaiError("badArgument", `Tham số «${key}» để trống.`);
    if (key !== "verb") args[key] = values[0];
  }
  if (rules.exclusive && args[rules.exclusive] !== undefined) {
    if (Object.keys(args).length > 1)
      throw new OaiError("badArgument", `${rules.exclusive} phải là tham số duy nhất đi kèm verb.`);
    return { verb, args };
  }
  const missing = rules.required.filter((key) => args[key] === undefined);
  if (missing.length > 0) throw new OaiError("badArgument", `${verb} cần tham số ${missing.join(", ")}.`);
  if (args.metadataPrefix !== undefined && !METADATA_PREFIX.test(args.metadataPrefix)) {
    throw new OaiError("badArgument", "metadataPrefix không hợp lệ.");
  }
  if (args.set !== undefined && !SET_SPEC.test(args.set)) throw new OaiError("badArgument", "set không đúng cú pháp setSpec.");
  checkDateRange(args.from, args.until);
  return { verb, args };
}

function checkDateRange(fromArgument: string | undefined, untilArgument: string | undefined) {
  const from = fromArgument === undefined ? null : parseUtc(fromArgument);
  const until = untilArgument === undefined ? null : parseUtc(untilArgument);
  if ((fromArgument !== undefined && !from) || (untilArgument !== undefined && !until)) {
    throw new OaiError("badArgument", "from và until có dạng YYYY-MM-DD hoặc YYYY-MM-DDThh:mm:ssZ (giờ UTC).");
  }
  if (from && until && from.granularity !== until.granularity) {
    throw new OaiError("badArgument", "from và until phải cùng độ chi tiết (cùng là ngày, hoặc cùng đến giây).");
  }
  if (from && until && from.date > until.date) throw new OaiError("badArgument", "from phải trước until.");
}

function envelope(ctx: Context, request: XmlElement, body: XmlElement | XmlElement[]): string {
  const root = el(
    "OAI-PMH",
    { xmlns: OAI_NAMESPACE, "xmlns:xsi": XSI_NAMESPACE, "xsi:schemaLocation": `${OAI_NAMESPACE} ${OAI_SCHEMA}` },
    [textEl("responseDate", formatDatestamp(ctx.now)), request, ...(Array.isArray(body) ? body : [body])],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(root)}\n`;
}

/**
 * Answers one OAI-PMH request (the arguments of a GET query or a POST form) with the XML
 * document to send. Protocol errors are answered in the document, as the protocol wants;
 * only infrastructure failures (database down) throw.
 */
export async function respondToOaiRequest(params: URLSearchParams, options: OaiOptions = {}): Promise<string> {
  const ctx = context(options);
  let parsed: { verb: Verb; args: Arguments };
  try {
    parsed = parseRequest(params);
  } catch (error) {
    if (!(error instanceof OaiError)) throw error;
    // After badVerb or badArgument the request element carries no attributes.
    return envelope(ctx, textEl("request", ctx.baseUrl), textEl("error", error.message, { code: error.code }));
  }
  const { verb, args } = parsed;
  const request = textEl("request", ctx.baseUrl, { verb, ...args });
  try {
    await connectDatabase();
    switch (verb) {
      case "Identify":
        return envelope(ctx, request, await identify(ctx));
      case "ListMetadataFormats":
        if (args.identifier !== undefined) await findPublic(args.identifier, ctx);
        return envelope(ctx, request, listMetadataFormats());
      case "ListSets":
        if (args.resumptionToken !== undefined) {
          throw new OaiError("badResumptionToken", "Danh sách tập hợp không chia trang; không có mã tiếp tục nào.");
        }
        return envelope(ctx, request, await listSets());
      case "GetRecord":
        return envelope(ctx, request, await getRecord(args, ctx));
      case "ListIdentifiers":
      case "ListRecords":
        return envelope(ctx, request, await list(verb, args, ctx));
    }
  } catch (error) {
    if (!(error instanceof OaiError)) throw error;
    return envelope(ctx, request, textEl("error", error.message, { code: error.code }));
  }
}

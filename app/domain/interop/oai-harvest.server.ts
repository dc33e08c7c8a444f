// OAI-PMH harvester: pulls oai_dc records from other repositories into read-only HarvestedItem
// documents, incrementally (docs/interoperability.md).
import { XMLParser } from "fast-xml-parser";
import { HarvestedItem, HarvestSource } from "#models/harvested-item";
import { getInteropEnv } from "~/config/interop-env.server";
import { connectDatabase } from "~/services/db.server";

export interface HarvestOptions {
  /** Per HTTP request, body included. */
  timeoutMs?: number;
  /** Responses larger than this are refused. */
  maxResponseBytes?: number;
  /** A provider whose list never ends is stopped (and the harvest failed) after this many pages. */
  maxPages?: number;
  /** The local clock, for harvestedAt and the source's bookkeeping. */
  now?: () => Date;
}

export interface HarvestReport {
  source: string;
  ok: boolean;
  /** The `from` sent (null: a full harvest). */
  from: string | null;
  /** responseDate of the first response: the next harvest's `from`, once this one completes. */
  responseDate: string | null;
  pages: number;
  /** Records received (deleted ones included) and, of them, deleted ones. */
  records: number;
  deleted: number;
  /** Records without an identifier or a valid datestamp, left out. */
  skipped: number;
  error: string | null;
}

export class HarvestError extends Error {
  override name = "HarvestError";
}

const DEFAULTS = { timeoutMs: 30_000, maxResponseBytes: 20 * 1024 * 1024, maxPages: 10_000 };
const USER_AGENT = "KhoHocLieu-OAI-Harvester/1.0";
const LIMITS = { text: 1_000, description: 10_000, listItems: 50 };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Prefixes vary between providers (dc:, oai_dc:, none): elements are read by local name.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Numeric character references (&#x1EA1;) are decoded only with this on; named HTML entities are not XML anyway.
  htmlEntities: true,
  // A DOCTYPE's internal entities are expanded within bounds (no "billion laughs").
  processEntities: { enabled: true, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
});

type XmlValue = string | number | boolean | XmlObject | XmlValue[] | null | undefined;
interface XmlObject {
  [key: string]: XmlValue;
}

const asArray = (value: XmlValue): XmlValue[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
const isObject = (value: XmlValue): value is XmlObject => typeof value === "object" && value !== null && !Array.isArray(value);
const child = (value: XmlValue, name: string): XmlValue => (isObject(value) ? value[name] : undefined);
const first = (value: XmlValue): XmlValue => asArray(value)[0];

/** The text of an element, whether the parser gave it as a string or as { "#text", attributes }. */
function textOf(value: XmlValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isObject(value)) return textOf(value["#text"]);
  return "";
}

const cut = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);
// Composed (NFC): some systems send Vietnamese decomposed, and searches (external-items.server.ts) match composed letters.
const texts = (value: XmlValue, max = LIMITS.text) =>
  asArray(value)
    .map((item) => cut(textOf(item).normalize("NFC").trim(), max))
    .filter((item) => item.length > 0);

/** Only http(s) addresses become links (never javascript: or data:). */
function httpUrl(values: string[]): string | null {
  for (const value of values) {
    try {
      const url = new URL(value);
      if (url.protocol === "http:" || url.protocol === "https:") return cut(url.toString(), 2_000);
    } catch {
      // not a URL: an identifier of another kind
    }
  }
  return null;
}

async function readBody(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HarvestError(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

interface OaiResponse {
  responseDate: Date;
  /** The verb's element (ListRecords, Identify…), absent when the response is an error. */
  body: XmlValue;
  errors: { code: string; message: string }[];
}

async function request(source: string, params: Record<string, string>, options: Required<Omit<HarvestOptions, "now">>) {
  const url = new URL(source);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: "text/xml, application/xml", "User-Agent": USER_AGENT },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError" ? `no answer within ${options.timeoutMs} ms` : String(error);
    throw new HarvestError(`${params.verb ?? "request"}: ${reason}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new HarvestError(`${params.verb ?? "request"}: HTTP ${response.status}`);
  }
  let document: XmlValue;
  try {
    document = parser.parse(await readBody(response, options.maxResponseBytes)) as XmlValue;
  } catch (error) {
    if (error instanceof HarvestError) throw error;
    throw new HarvestError(`${params.verb ?? "request"}: not well-formed XML (${String(error)})`);
  }
  const root = child(document, "OAI-PMH");
  const responseDate = new Date(textOf(child(root, "responseDate")));
  if (!isObject(root) || Number.isNaN(responseDate.getTime())) {
    throw new HarvestError(`${params.verb ?? "request"}: not an OAI-PMH response`);
  }
  const errors = asArray(root.error).map((error) => ({
    code: textOf(child(error, "@_code")),
    message: textOf(error),
  }));
  return { responseDate, body: params.verb ? root[params.verb] : undefined, errors } satisfies OaiResponse;
}

interface ParsedRecord {
  identifier: string;
  datestamp: Date;
  deleted: boolean;
  dc: XmlValue;
}

function parseRecord(record: XmlValue): ParsedRecord | null {
  const header = child(record, "header");
  const identifier = cut(textOf(first(child(header, "identifier"))).trim(), 500);
  const datestamp = new Date(textOf(first(child(header, "datestamp"))).trim());
  if (!identifier || Number.isNaN(datestamp.getTime())) return null;
  return {
    identifier,
    datestamp,
    deleted: textOf(child(header, "@_status")) === "deleted",
    dc: child(child(record, "metadata"), "dc"),
  };
}

/** The fields of a HarvestedItem from a record's oai_dc (first value where the item keeps one). */
function fromDublinCore(dc: XmlValue) {
  const field = (name: string, max?: number) => texts(child(dc, name), max);
  return {
    title: field("title")[0] ?? "",
    description: cut(field("description", LIMITS.description).join("\n\n"), LIMITS.description),
    subjects: field("subject").slice(0, LIMITS.listItems),
    creators: field("creator").slice(0, LIMITS.listItems),
    publisher: field("publisher")[0] ?? "",
    identifierUrl: httpUrl(field("identifier", 2_000)),
    type: field("type")[0] ?? "",
    language: field("language")[0] ?? "",
    rights: field("rights")[0] ?? "",
  };
}

/** Writes per bulk command: large bulk updates can stall the embedded FerretDB (docs/interoperability.md). */
const WRITE_BATCH = 50;

async function store(source: string, records: ParsedRecord[], harvestedAt: Date) {
  for (let start = 0; start < records.length; start += WRITE_BATCH) {
    await HarvestedItem.bulkWrite(
      records.slice(start, start + WRITE_BATCH).map((record) => ({
        updateOne: {
          filter: { source, identifier: record.identifier },
          // A deleted record keeps what was known of it, marked deleted; a live one is replaced whole. Either way
          // search must follow: the same write marks it for the search sync (search.sync-external-items).
          update: {
            $set: record.deleted
              ? { datestamp: record.datestamp, deleted: true, harvestedAt, searchStale: true }
              : { datestamp: record.datestamp, deleted: false, harvestedAt, searchStale: true, ...fromDublinCore(record.dc) },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}

/** `from` at the provider's granularity: days only, or to the second. */
function fromArgument(date: Date, granularity: string) {
  return granularity === "YYYY-MM-DD" ? date.toISOString().slice(0, 10) : `${date.toISOString().slice(0, 19)}Z`;
}

/** A source URL as harvested items and harvest states store it (no fragment, WHATWG-serialised). */
export const normaliseSource = (source: string) => {
  const url = new URL(source);
  url.hash = "";
  return url.toString();
};

/**
 * Harvests one provider: ListRecords in oai_dc from the responseDate of its last completed
 * harvest (everything the first time), following resumption tokens, upserting each record by
 * (source, identifier). Re-running is harmless: the same records land on the same documents.
 * Only a harvest that reached the end of the list moves `from` forward.
 */
export async function harvestSource(sourceUrl: string, options: HarvestOptions = {}): Promise<HarvestReport> {
  await connectDatabase();
  const settings = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
    maxPages: options.maxPages ?? DEFAULTS.maxPages,
  };
  const now = options.now ?? (() => new Date());
  const source = normaliseSource(sourceUrl);
  const state = await HarvestSource.findOne({ source }).lean();
  const report: HarvestReport = {
    source,
    ok: false,
    from: null,
    responseDate: null,
    pages: 0,
    records: 0,
    deleted: 0,
    skipped: 0,
    error: null,
  };
  try {
    const identify = await request(source, { verb: "Identify" }, settings);
    if (identify.errors.length > 0) throw new HarvestError(`Identify: ${identify.errors.map((error) => error.code).join(", ")}`);
    const granularity = textOf(child(identify.body, "granularity")).trim();
    report.from = state?.lastResponseDate ? fromArgument(state.lastResponseDate, granularity) : null;

    let params: Record<string, string> = {
      verb: "ListRecords",
      metadataPrefix: "oai_dc",
      ...(report.from ? { from: report.from } : {}),
    };
    let firstResponseDate: Date | null = null;
    const seenTokens = new Set<string>();
    for (;;) {
      if (report.pages >= settings.maxPages) throw new HarvestError(`stopped after ${settings.maxPages} pages`);
      const page = await request(source, params, settings);
      report.pages += 1;
      firstResponseDate ??= page.responseDate;
      if (page.errors.some((error) => error.code === "noRecordsMatch")) break;
      if (page.errors.length > 0) {
        throw new HarvestError(`ListRecords: ${page.errors.map((error) => `${error.code} (${error.message})`).join(", ")}`);
      }
      const parsed = asArray(child(page.body, "record")).map(parseRecord);
      const records = parsed.filter((record): record is ParsedRecord => record !== null);
      report.skipped += parsed.length - records.length;
      report.records += records.length;
      report.deleted += records.filter((record) => record.deleted).length;
      await store(source, records, now());
      const token = textOf(child(page.body, "resumptionToken")).trim();
      if (!token) break;
      if (seenTokens.has(token)) throw new HarvestError("the provider sent the same resumptionToken twice");
      seenTokens.add(token);
      params = { verb: "ListRecords", resumptionToken: token };
    }
    if (!firstResponseDate) throw new HarvestError("no ListRecords response");
    report.ok = true;
    report.responseDate = firstResponseDate.toISOString();
    await HarvestSource.updateOne(
      { source },
      {
        $set: {
          lastResponseDate: firstResponseDate,
          lastSucceededAt: now(),
          lastAttemptAt: now(),
          lastError: null,
          lastRecordCount: report.records,
        },
      },
      { upsert: true },
    );
  } catch (error) {
    if (!(error instanceof HarvestError)) throw error;
    report.error = error.message;
    await HarvestSource.updateOne({ source }, { $set: { lastAttemptAt: now(), lastError: error.message } }, { upsert: true });
  }
  return report;
}

/**
 * Harvests every source of OAI_HARVEST_SOURCES in turn (none configured: nothing to do). A
 * failing source does not stop the others; the caller learns which failed from the reports.
 */
export async function harvestConfiguredSources(options: HarvestOptions = {}): Promise<HarvestReport[]> {
  const reports: HarvestReport[] = [];
  for (const source of getInteropEnv().OAI_HARVEST_SOURCES) reports.push(await harvestSource(source, options));
  return reports;
}

import type { Readable } from "node:stream";
import { XMLParser } from "fast-xml-parser";
import yauzl, { type Entry } from "yauzl";
import { ZipFile as ZipWriter } from "yazl";

/**
 * Shared plumbing of the Word importer and exporter: a small ordered XML tree (fast-xml-parser with
 * `preserveOrder`), namespace prefixes made canonical, and reading/writing the zip container.
 */

/** An element of an XML document, children in document order; text is kept only where it matters. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/** The namespaces of WordprocessingML, by the prefix Word itself writes (transitional, then strict URIs). */
const CANONICAL_PREFIXES: Record<string, string> = {
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
  "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
  "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
  "http://purl.oclc.org/ooxml/officeDocument/math": "m",
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
  "http://purl.oclc.org/ooxml/officeDocument/relationships": "r",
  "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
  "http://purl.oclc.org/ooxml/drawingml/main": "a",
  "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
  "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": "wp",
  "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
  "http://purl.oclc.org/ooxml/drawingml/picture": "pic",
  "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
  "urn:schemas-microsoft-com:vml": "v",
  "urn:schemas-microsoft-com:office:office": "o",
};

/** The namespace declarations the exporter writes on its root elements. */
export const WORD_NAMESPACES = {
  w: "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  m: "http://schemas.openxmlformats.org/officeDocument/2006/math",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  wp: "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
  pic: "http://schemas.openxmlformats.org/drawingml/2006/picture",
} as const;

/** Elements whose text content is data; elsewhere whitespace between tags is only indentation. */
const TEXT_ELEMENTS = new Set(["w:t", "m:t", "w:instrText", "w:delText"]);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Equations nest deeply (a fraction in a root in a table cell …); teachers' files stay far below this.
  maxNestedTags: 400,
});

type OrderedNode = Record<string, unknown>;

/** Prefix → canonical prefix, for the documents that declare the usual namespaces under other names. */
function prefixRenames(attributes: Record<string, string>): Map<string, string> {
  const renames = new Map<string, string>();
  for (const [name, value] of Object.entries(attributes)) {
    if (!name.startsWith("xmlns:")) continue;
    const canonical = CANONICAL_PREFIXES[value];
    const prefix = name.slice("xmlns:".length);
    if (canonical && canonical !== prefix) renames.set(prefix, canonical);
  }
  return renames;
}

function rename(name: string, renames: Map<string, string>): string {
  if (renames.size === 0) return name;
  const colon = name.indexOf(":");
  if (colon < 0) return name;
  const canonical = renames.get(name.slice(0, colon));
  return canonical ? `${canonical}${name.slice(colon)}` : name;
}

function toElements(nodes: OrderedNode[], parentName: string, renames: Map<string, string>): XmlNode[] {
  const result: XmlNode[] = [];
  for (const node of nodes) {
    const text = node["#text"];
    if (typeof text === "string") {
      if (TEXT_ELEMENTS.has(parentName) || text.trim() !== "") result.push(text);
      continue;
    }
    const rawAttributes = (node[":@"] ?? {}) as Record<string, string>;
    const ownRenames = new Map([...renames, ...prefixRenames(rawAttributes)]);
    for (const [key, value] of Object.entries(node)) {
      if (key === ":@" || !Array.isArray(value)) continue;
      const name = rename(key, ownRenames);
      const attributes: Record<string, string> = {};
      for (const [attributeName, attributeValue] of Object.entries(rawAttributes))
        attributes[rename(attributeName, ownRenames)] = String(attributeValue);
      result.push({ name, attributes, children: toElements(value as OrderedNode[], name, ownRenames) });
    }
  }
  return result;
}

/**
 * Parses an XML document into ordered elements. Known namespaces get the prefixes Word uses
 * (`w:`, `m:`, `r:` …) whatever the file declares, so the readers match on fixed names.
 * Throws on XML that is not well-formed.
 */
export function parseXml(xml: string): XmlElement[] {
  const parsed = parser.parse(xml) as OrderedNode[];
  return toElements(parsed, "", new Map()).filter((node): node is XmlElement => typeof node !== "string");
}

function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== "string";
}

/** The child elements of `element`, all or those named `name`. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => isElement(child) && (name === undefined || child.name === name));
}

export function firstChild(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child): child is XmlElement => isElement(child) && child.name === name);
}

/** The value of the `m:val` / `w:val` style attribute of the child `name`, if the child exists. */
export function childValue(element: XmlElement | undefined, name: string): string | undefined {
  const found = firstChild(element, name);
  if (!found) return undefined;
  return found.attributes["m:val"] ?? found.attributes["w:val"] ?? "";
}

/** All text inside `element` (string children at any depth), in order. */
export function textContent(element: XmlElement): string {
  let text = "";
  for (const child of element.children) text += typeof child === "string" ? child : textContent(child);
  return text;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (character) =>
    character === "&" ? "&amp;" : character === "<" ? "&lt;" : character === ">" ? "&gt;" : "&quot;",
  );
}

/** Limits when reading a .docx: a Word file of questions is a few MB; anything far above is hostile or not ours. */
const DOCX_READ_LIMITS = {
  maxEntries: 5_000,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
} as const;

export class ZipReadError extends Error {}

async function readEntry(zip: yauzl.ZipFile, entry: Entry): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Reads the entries of a zip held in memory whose names `wanted` accepts. Throws {@link ZipReadError}
 * when the bytes are not a readable zip or break the size limits (zip bombs).
 */
export async function readZipEntries(data: Uint8Array, wanted: (name: string) => boolean): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      lazyEntries: true,
      validateEntrySizes: true,
      autoClose: false,
    });
  } catch {
    throw new ZipReadError("not a zip");
  }
  const files = new Map<string, Buffer>();
  let entries = 0;
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: Entry) => {
        entries += 1;
        if (entries > DOCX_READ_LIMITS.maxEntries) return reject(new ZipReadError("too many entries"));
        if (entry.fileName.endsWith("/") || !wanted(entry.fileName)) return zip.readEntry();
        total += entry.uncompressedSize;
        if (entry.uncompressedSize > DOCX_READ_LIMITS.maxEntryBytes || total > DOCX_READ_LIMITS.maxTotalBytes)
          return reject(new ZipReadError("too large"));
        readEntry(zip, entry)
          .then((content) => {
            files.set(entry.fileName, content);
            zip.readEntry();
          })
          .catch(reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    throw error instanceof ZipReadError ? error : new ZipReadError("corrupt zip");
  } finally {
    zip.close();
  }
  return files;
}

/** Writes a zip (deflated) from name → content. */
export function writeZip(files: readonly { name: string; data: Buffer | string }[]): Promise<Buffer> {
  const archive = new ZipWriter();
  for (const file of files)
    archive.addBuffer(typeof file.data === "string" ? Buffer.from(file.data, "utf8") : file.data, file.name);
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on("error", reject);
  });
}

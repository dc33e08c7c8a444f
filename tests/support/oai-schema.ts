import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { validateXML } from "xmllint-wasm";

// The official OAI-PMH and oai_dc schemas, kept offline (tests/fixtures/oai), checked by libxml2's
// xmllint compiled to WebAssembly: no system package, no network.
const SCHEMA_DIR = path.resolve(__dirname, "../fixtures/oai");
const schemaFile = (fileName: string) => ({ fileName, contents: readFileSync(path.join(SCHEMA_DIR, fileName), "utf8") });
const SCHEMA = schemaFile("oai-pmh-response.xsd");
const IMPORTED = ["OAI-PMH.xsd", "oai_dc.xsd", "simpledc20021212.xsd", "xml.xsd"].map(schemaFile);

/** Fails the test unless `xml` is a valid OAI-PMH response (with oai_dc metadata, if any). */
export async function expectValidOaiResponse(xml: string) {
  const result = await validateXML({ xml: [{ fileName: "response.xml", contents: xml }], schema: [SCHEMA], preload: IMPORTED });
  expect(result.errors.map((error) => error.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

import path from "node:path/posix";
import yauzl from "yauzl";
import { ZipFile } from "yazl";
import type { ImportParseResult, LoadImage, StoreImage } from "#content-schemas/question-import";
import { CLOZE_GAP_PATTERN, type QuestionBody, type QuestionBodyOf, type RichText } from "#content-schemas/questions";
import {
  childElement,
  childElements,
  decimalWithDot,
  elementsOf,
  elementText,
  exportLabel,
  gapKey,
  ImageImporter,
  ImportCollector,
  imageExtension,
  isEmptyRichText,
  matchingAsTrueFalseGroup,
  numberText,
  optionId,
  parseXml,
  premiseId,
  responseId,
  rubricFromNotes,
  rubricToNotes,
  trueFalseGroupAsMatching,
  type FindImageFile,
} from "./common.server";
import type { ExportableQuestion } from "./exportable";
import {
  escapeXml,
  findElement,
  markupToRichText,
  richTextImageSources,
  richTextToHtml,
  type MarkupElement,
  type MarkupNode,
  type RichTextImportOptions,
} from "./rich-text-html.server";

/**
 * QTI 3.0 item packages: a zip with `imsmanifest.xml` and one `qti-assessment-item` file per item
 * (namespace `http://www.imsglobal.org/xsd/imsqtiasi_v3p0`), images beside the items.
 *
 * Import reads the items the manifest lists, in its order (every item file of the package when
 * there is no manifest). Interactions and what they become:
 * - `qti-choice-interaction`: max-choices 1 → single_choice, more (or 0, unlimited) →
 *   multiple_response (proportional when the response has a `qti-mapping`);
 * - `qti-text-entry-interaction`: one on its own line → short_answer (base-type float/integer →
 *   numeric, with the tolerance of a `qti-equal` in response processing; string → text, accepted
 *   answers from the correct response and the `qti-mapping`); several, or one inside a sentence → cloze;
 * - `qti-extended-text-interaction` → essay (rubric from a scorer `qti-rubric-block`; an extra
 *   `qti-upload-interaction` allows photos);
 * - `qti-match-interaction` → matching, or true_false_group when it is 4 statements × {Đúng, Sai};
 * - `qti-order-interaction` → ordering (proportional when response processing compares positions).
 * Other interactions, mixes of interactions and QTI 2.x items are listed in `unsupported`. A modal
 * feedback "SOLUTION" (or titled "Lời giải") is the solution. MathML becomes LaTeX (its TeX
 * annotation, else mathml-to-latex).
 *
 * Export writes formulas as MathML made by KaTeX with the TeX source as annotation: standard QTI
 * that players render natively, read back losslessly here. Response processing is written out as
 * rules (not templates) so partial credit, tolerances and the true/false group's 0.1/0.25/0.5/1
 * scale are all expressed; the solution is a modal feedback the rules always show.
 */

export interface QtiImportOptions {
  storeImage: StoreImage;
}

export interface QtiExportOptions {
  loadImage: LoadImage;
}

const QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
const MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
const ITEM_RESOURCE_TYPE = "imsqti_item_xmlv3p0";

/** Bounds on what an uploaded package may unpack to (zip bombs, absurd packages). */
const PACKAGE_LIMITS = { maxEntries: 5_000, maxFileBytes: 20 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024 } as const;

class PackageError extends Error {}

/** Every file of the package by its normalised path; directories are left out. */
async function readPackage(data: Uint8Array): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    // A fresh options object per call: yauzl writes its defaults into it.
    zip = await yauzl.fromBufferPromise(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      lazyEntries: true,
      validateEntrySizes: true,
      autoClose: false,
    });
  } catch {
    throw new PackageError("Tệp không phải gói QTI hợp lệ: không đọc được tệp nén (.zip).");
  }
  const files = new Map<string, Buffer>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith("/")) continue;
      if (files.size >= PACKAGE_LIMITS.maxEntries)
        throw new PackageError(`Gói QTI có quá nhiều tệp (tối đa ${PACKAGE_LIMITS.maxEntries}).`);
      total += entry.uncompressedSize;
      if (entry.uncompressedSize > PACKAGE_LIMITS.maxFileBytes || total > PACKAGE_LIMITS.maxTotalBytes)
        throw new PackageError("Gói QTI giải nén ra quá lớn.");
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      files.set(path.normalize(entry.fileName.replace(/\\/g, "/")), Buffer.concat(chunks));
    }
  } catch (error) {
    if (error instanceof PackageError) throw error;
    throw new PackageError("Tệp nén QTI bị hỏng hoặc chứa đường dẫn không an toàn (../ hoặc đường dẫn tuyệt đối).");
  } finally {
    zip.close();
  }
  return files;
}

/** A path inside the package from an href relative to `base` (a file's folder); null when it leaves the package. */
function resolveHref(base: string, href: string): string | null {
  let decoded = href.split(/[?#]/)[0] ?? "";
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Kept as written.
  }
  const resolved = path.normalize(path.join(base, decoded));
  return resolved.startsWith("../") || resolved.startsWith("/") || resolved === ".." ? null : resolved;
}

const decoder = new TextDecoder();

/**
 * Reads a QTI 3.0 package (.zip). Never throws for a bad package: a file that is not a readable
 * zip is one Vietnamese warning; an item that cannot be read is an item with its problems.
 */
export async function parseQtiPackage(data: Uint8Array, options: QtiImportOptions): Promise<ImportParseResult> {
  const collector = new ImportCollector("qti");
  let files: Map<string, Buffer>;
  try {
    files = await readPackage(data);
  } catch (error) {
    collector.warn(error instanceof PackageError ? error.message : "Không đọc được gói QTI.");
    return collector.result();
  }
  const images = new ImageImporter(options.storeImage);
  for (const href of itemFiles(files, collector)) {
    const content = files.get(href);
    const label = path.basename(href, ".xml");
    if (!content) {
      collector.addItem({
        label,
        sourceText: "",
        category: [],
        content: null,
        problems: [`Không tìm thấy tệp ${href} trong gói.`],
      });
      continue;
    }
    await readItem(href, decoder.decode(content), files, images, collector);
  }
  return collector.result();
}

/** The item files of the package, in the manifest's order; every QTI item file when there is no manifest. */
function itemFiles(files: Map<string, Buffer>, collector: ImportCollector): string[] {
  const manifestPath = [...files.keys()].find((name) => name.toLowerCase() === "imsmanifest.xml");
  if (!manifestPath) {
    collector.warn("Gói không có imsmanifest.xml; các câu hỏi được đọc từ mọi tệp XML trong gói.");
    return [...files.keys()].filter((name) => name.toLowerCase().endsWith(".xml")).sort();
  }
  const manifest = parseXml(decoder.decode(files.get(manifestPath)!), "Tệp imsmanifest.xml");
  if (!manifest.ok) {
    collector.warn(manifest.message);
    return [];
  }
  const resources: MarkupElement[] = [];
  const collect = (nodes: readonly MarkupNode[]) => {
    for (const element of elementsOf(nodes)) {
      if (element.name === "resource") resources.push(element);
      else collect(element.children);
    }
  };
  collect(manifest.nodes);
  const hrefs: string[] = [];
  for (const resource of resources) {
    const type = resource.attributes.type ?? "";
    const href = resource.attributes.href ?? childElement(resource, "file")?.attributes.href ?? "";
    if (!/^imsqti_item_xmlv/i.test(type) || !href) continue;
    const resolved = resolveHref(".", href);
    if (!resolved) collector.warn(`Bỏ qua ${href}: đường dẫn nằm ngoài gói.`);
    else hrefs.push(resolved);
  }
  if (hrefs.length === 0) collector.warn("imsmanifest.xml không liệt kê câu hỏi QTI nào (resource kiểu imsqti_item_xmlv3p0).");
  return hrefs;
}

interface ResponseDeclaration {
  cardinality: string;
  baseType: string;
  correct: string[];
  mapping: { key: string; value: number; caseSensitive: boolean }[];
}

function readDeclarations(item: MarkupElement): Map<string, ResponseDeclaration> {
  const declarations = new Map<string, ResponseDeclaration>();
  for (const declaration of childElements(item, "qti-response-declaration")) {
    declarations.set(declaration.attributes.identifier ?? "", {
      cardinality: declaration.attributes.cardinality ?? "single",
      baseType: declaration.attributes["base-type"] ?? "",
      correct: childElements(childElement(declaration, "qti-correct-response"), "qti-value").map((value) =>
        elementText(value).trim(),
      ),
      mapping: childElements(childElement(declaration, "qti-mapping"), "qti-map-entry").map((entry) => ({
        key: (entry.attributes["map-key"] ?? "").trim(),
        value: Number(entry.attributes["mapped-value"] ?? 0),
        caseSensitive: entry.attributes["case-sensitive"] === "true",
      })),
    });
  }
  return declarations;
}

const SUPPORTED_INTERACTIONS = new Set([
  "qti-choice-interaction",
  "qti-text-entry-interaction",
  "qti-extended-text-interaction",
  "qti-match-interaction",
  "qti-order-interaction",
  "qti-upload-interaction",
]);

/** Body elements that are not question text: feedback shown conditionally, templates, scorer notes. */
const DROPPED_BODY_ELEMENTS = new Set([
  "qti-feedback-block",
  "qti-feedback-inline",
  "qti-rubric-block",
  "qti-template-block",
  "qti-template-inline",
  "qti-printed-variable",
  "qti-stylesheet",
  "qti-catalog-info",
]);

function collectInteractions(nodes: readonly MarkupNode[], found: MarkupElement[] = []): MarkupElement[] {
  for (const element of elementsOf(nodes)) {
    if (DROPPED_BODY_ELEMENTS.has(element.name)) continue;
    if (element.name.endsWith("-interaction")) found.push(element);
    else collectInteractions(element.children, found);
  }
  return found;
}

/** Whether an element is the only thing (whitespace aside) in its parent: a text entry on its own line. */
function standsAlone(nodes: readonly MarkupNode[], target: MarkupElement): boolean {
  for (const element of elementsOf(nodes)) {
    const others = element.children.filter((child) => child !== target && !(child.type === "text" && child.text.trim() === ""));
    if (element.children.includes(target)) return others.length === 0;
    if (standsAlone(element.children, target)) return true;
  }
  return false;
}

/** The item body as question text: interactions replaced by what `replace` gives, feedback and notes dropped. */
function bodyWithout(nodes: readonly MarkupNode[], replace: (interaction: MarkupElement) => MarkupNode[]): MarkupNode[] {
  return nodes.flatMap((node): MarkupNode[] => {
    if (node.type === "text") return [node];
    if (DROPPED_BODY_ELEMENTS.has(node.name)) return [];
    if (node.name.endsWith("-interaction")) return replace(node);
    return [{ ...node, children: bodyWithout(node.children, replace) }];
  });
}

const promptOf = (interaction: MarkupElement): MarkupNode[] => childElement(interaction, "qti-prompt")?.children ?? [];
/** The content of a choice without its inline feedback. */
const choiceContent = (choice: MarkupElement) => bodyWithout(choice.children, () => []);

interface ItemReader {
  item: MarkupElement;
  declarations: Map<string, ResponseDeclaration>;
  problems: string[];
  text: (nodes: readonly MarkupNode[]) => Promise<RichText>;
}

type ItemOutcome = { body: QuestionBody; stem: RichText } | { unsupported: string };

async function readItem(
  href: string,
  source: string,
  files: Map<string, Buffer>,
  images: ImageImporter,
  collector: ImportCollector,
): Promise<void> {
  const parsed = parseXml(source, `Tệp ${href}`);
  const fallback = path.basename(href, ".xml");
  if (!parsed.ok) {
    collector.addItem({ label: fallback, sourceText: source, category: [], content: null, problems: [parsed.message] });
    return;
  }
  const [root] = elementsOf(parsed.nodes);
  if (!root || root.name !== "qti-assessment-item") {
    const qti2 = root?.name === "assessmentitem";
    collector.addUnsupported(
      root?.attributes.title || fallback,
      qti2 ? "QTI 2.x (assessmentItem)" : (root?.name ?? "(trống)"),
      source,
    );
    return;
  }
  if (root.attributes.xmlns && root.attributes.xmlns !== QTI_NAMESPACE)
    collector.warn(`${href}: không gian tên ${root.attributes.xmlns} không phải QTI 3.0; vẫn đọc theo QTI 3.0.`);
  const label = root.attributes.title?.trim() || root.attributes.identifier || fallback;
  const problems: string[] = [];
  const base = path.dirname(href);
  const findFile: FindImageFile = (src) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("/")) return undefined;
    const resolved = resolveHref(base, src);
    const file = resolved ? files.get(resolved) : undefined;
    return file ? { data: file, fileName: path.basename(resolved!) } : null;
  };
  const imageOptions: RichTextImportOptions = images.optionsFor(problems, findFile);
  const reader: ItemReader = {
    item: root,
    declarations: readDeclarations(root),
    problems,
    text: (nodes) => markupToRichText(nodes, imageOptions),
  };
  const outcome = await readInteractions(reader);
  if ("unsupported" in outcome) {
    collector.addUnsupported(label, outcome.unsupported, source);
    return;
  }
  if (isEmptyRichText(outcome.stem)) problems.push("Đề bài đang trống.");
  const solutionFeedback = childElements(root, "qti-modal-feedback").find(
    (feedback) => feedback.attributes.identifier === "SOLUTION" || /lời giải|solution/i.test(feedback.attributes.title ?? ""),
  );
  const solutionNodes = solutionFeedback
    ? (childElement(solutionFeedback, "qti-content-body")?.children ?? solutionFeedback.children)
    : [];
  const solution = solutionFeedback ? await reader.text(solutionNodes) : null;
  collector.addItem({
    label,
    sourceText: source,
    category: [],
    content: { stem: outcome.stem, body: outcome.body, solution: solution && !isEmptyRichText(solution) ? solution : null },
    problems,
  });
}

async function readInteractions(reader: ItemReader): Promise<ItemOutcome> {
  const body = childElement(reader.item, "qti-item-body");
  const bodyNodes = body?.children ?? [];
  const interactions = collectInteractions(bodyNodes);
  const names = new Set(interactions.map((interaction) => interaction.name));
  const unsupported = interactions.find((interaction) => !SUPPORTED_INTERACTIONS.has(interaction.name));
  if (unsupported) return { unsupported: unsupported.name };
  if (interactions.length === 0) return { unsupported: "không có tương tác (qti-…-interaction)" };
  if (names.size === 1 && names.has("qti-text-entry-interaction")) return readTextEntries(reader, bodyNodes, interactions);
  const uploads = interactions.filter((interaction) => interaction.name === "qti-upload-interaction");
  const main = interactions.filter((interaction) => interaction.name !== "qti-upload-interaction");
  const [interaction] = main;
  if (!interaction) return { unsupported: "qti-upload-interaction" };
  if (main.length > 1 || (uploads.length > 0 && interaction.name !== "qti-extended-text-interaction"))
    return { unsupported: `nhiều tương tác trong một câu (${[...names].join(", ")})` };
  const stem = await reader.text(bodyWithout(bodyNodes, (element) => (element === interaction ? promptOf(element) : [])));
  const declaration = reader.declarations.get(interaction.attributes["response-identifier"] ?? "");
  if (!declaration && interaction.name !== "qti-extended-text-interaction")
    reader.problems.push("Không có khai báo đáp án (qti-response-declaration) cho tương tác.");
  const response = declaration ?? { cardinality: "single", baseType: "", correct: [], mapping: [] };
  switch (interaction.name) {
    case "qti-choice-interaction":
      return { stem, body: await readChoice(reader, interaction, response) };
    case "qti-match-interaction":
      return { stem, body: await readMatch(reader, interaction, response) };
    case "qti-order-interaction":
      return { stem, body: await readOrder(reader, interaction, response) };
    default: {
      const notes = findElement(
        bodyNodes,
        (element) => element.name === "qti-rubric-block" && /scorer/.test(element.attributes.view ?? ""),
      );
      const notesText = notes ? await reader.text(childElement(notes, "qti-content-body")?.children ?? notes.children) : null;
      return {
        stem,
        body: {
          type: "essay",
          rubric: rubricFromNotes(notesText && !isEmptyRichText(notesText) ? notesText : null),
          allowPhoto: uploads.length > 0,
        },
      };
    }
  }
}

async function readChoice(reader: ItemReader, interaction: MarkupElement, response: ResponseDeclaration): Promise<QuestionBody> {
  const choices = childElements(interaction, "qti-simple-choice");
  const ids = new Map(choices.map((choice, index) => [choice.attributes.identifier ?? "", optionId(index)]));
  const options: { id: string; content: RichText }[] = [];
  for (const [index, choice] of choices.entries())
    options.push({ id: optionId(index), content: await reader.text(choiceContent(choice)) });
  const shuffleOptions = interaction.attributes.shuffle === "true";
  const maxChoices = Number.parseInt(interaction.attributes["max-choices"] ?? "1", 10);
  const mappedCorrect = response.mapping.filter((entry) => entry.value > 0).map((entry) => entry.key);
  const correct = (response.correct.length > 0 ? response.correct : mappedCorrect).map((key) => ids.get(key));
  if (correct.some((id) => id === undefined)) reader.problems.push("Đáp án đúng nhắc đến một phương án không có trong câu.");
  if (maxChoices === 1) {
    if (correct.length === 0) reader.problems.push("Không có phương án đúng (qti-correct-response).");
    if (correct.length > 1) reader.problems.push(`Có ${correct.length} phương án đúng nhưng câu chỉ cho chọn một phương án.`);
    return { type: "single_choice", options, correctOptionId: correct[0] ?? "", shuffleOptions };
  }
  const correctIds = new Set(correct);
  return {
    type: "multiple_response",
    options: options.map((option) => ({ ...option, correct: correctIds.has(option.id) })),
    shuffleOptions,
    scoring: response.mapping.length > 0 ? "proportional" : "all_or_nothing",
  };
}

async function readMatch(reader: ItemReader, interaction: MarkupElement, response: ResponseDeclaration): Promise<QuestionBody> {
  const [sourceSet, targetSet] = childElements(interaction, "qti-simple-match-set");
  const ids = new Map<string, string>();
  const side = async (set: MarkupElement | undefined, makeId: (index: number) => string) => {
    const parts: { id: string; content: RichText }[] = [];
    for (const [index, choice] of childElements(set, "qti-simple-associable-choice").entries()) {
      ids.set(`${set === sourceSet ? "source" : "target"}:${choice.attributes.identifier ?? ""}`, makeId(index));
      parts.push({ id: makeId(index), content: await reader.text(choiceContent(choice)) });
    }
    return parts;
  };
  const premises = await side(sourceSet, premiseId);
  const responses = await side(targetSet, responseId);
  const pairs: QuestionBodyOf<"matching">["pairs"] = [];
  for (const value of response.correct) {
    const [source = "", target = ""] = value.split(/\s+/);
    const pId = ids.get(`source:${source}`);
    const rId = ids.get(`target:${target}`);
    if (pId && rId) pairs.push({ premiseId: pId, responseId: rId });
    else reader.problems.push(`Cặp ghép đúng «${value}» không khớp với các vế của câu.`);
  }
  const matching: QuestionBodyOf<"matching"> = {
    type: "matching",
    premises,
    responses,
    pairs,
    scoring: response.mapping.length > 0 ? "proportional" : "all_or_nothing",
  };
  return matchingAsTrueFalseGroup(matching) ?? matching;
}

async function readOrder(reader: ItemReader, interaction: MarkupElement, response: ResponseDeclaration): Promise<QuestionBody> {
  const choices = childElements(interaction, "qti-simple-choice");
  const byIdentifier = new Map<string, { id: string; content: RichText }>();
  for (const [index, choice] of choices.entries())
    byIdentifier.set(choice.attributes.identifier ?? "", {
      id: optionId(index),
      content: await reader.text(choiceContent(choice)),
    });
  const items = response.correct.flatMap((identifier) => byIdentifier.get(identifier) ?? []);
  if (items.length !== choices.length || new Set(response.correct).size !== choices.length)
    reader.problems.push("Thứ tự đúng (qti-correct-response) phải liệt kê mỗi mục đúng một lần.");
  const processing = childElement(reader.item, "qti-response-processing");
  // Scoring by position needs qti-index; plain matching of the whole order is all-or-nothing.
  const byPosition = processing ? findElement(processing.children, (element) => element.name === "qti-index") !== null : false;
  return { type: "ordering", items, scoring: byPosition ? "proportional" : "all_or_nothing" };
}

/** The absolute tolerance a `qti-equal` on this response allows (relative tolerances converted). */
function toleranceOf(reader: ItemReader, responseIdentifier: string, value: number): number {
  const processing = childElement(reader.item, "qti-response-processing");
  const equal = processing
    ? findElement(
        processing.children,
        (element) =>
          element.name === "qti-equal" &&
          findElement(
            element.children,
            (child) => child.name === "qti-variable" && child.attributes.identifier === responseIdentifier,
          ) !== null,
      )
    : null;
  const mode = equal?.attributes["tolerance-mode"] ?? "exact";
  const tolerance = Math.abs(Number((equal?.attributes.tolerance ?? "0").trim().split(/\s+/)[0]) || 0);
  if (mode === "absolute") return tolerance;
  if (mode === "relative") return Number(((Math.abs(value) * tolerance) / 100).toFixed(10));
  return 0;
}

function acceptedAnswers(response: ResponseDeclaration): { accepted: string[]; caseSensitive: boolean } {
  const mapped = response.mapping.filter((entry) => entry.value > 0);
  const accepted = [...new Set([...response.correct, ...mapped.map((entry) => entry.key)].filter(Boolean))];
  // Without a mapping the correct response is compared as QTI matches strings: exactly.
  const caseSensitive = mapped.length === 0 || mapped.every((entry) => entry.caseSensitive);
  return { accepted, caseSensitive };
}

const NUMERIC_BASE_TYPES = new Set(["float", "integer"]);

async function readTextEntries(
  reader: ItemReader,
  bodyNodes: readonly MarkupNode[],
  entries: MarkupElement[],
): Promise<ItemOutcome> {
  const declarationOf = (entry: MarkupElement) => {
    const identifier = entry.attributes["response-identifier"] ?? "";
    const declaration = reader.declarations.get(identifier);
    if (!declaration) reader.problems.push(`Không có khai báo đáp án cho ô nhập ${identifier || "(không tên)"}.`);
    return { identifier, declaration: declaration ?? { cardinality: "single", baseType: "string", correct: [], mapping: [] } };
  };
  const [only] = entries;
  if (entries.length === 1 && only && standsAlone(bodyNodes, only)) {
    const stem = await reader.text(bodyWithout(bodyNodes, () => []));
    const { identifier, declaration } = declarationOf(only);
    if (NUMERIC_BASE_TYPES.has(declaration.baseType)) {
      const value = declaration.correct[0] ?? "";
      if (!value) reader.problems.push("Không có đáp án số đúng (qti-correct-response).");
      const tolerance = toleranceOf(reader, identifier, Number(value));
      return { stem, body: { type: "short_answer", answer: { kind: "numeric", value, tolerance } } };
    }
    const { accepted, caseSensitive } = acceptedAnswers(declaration);
    if (accepted.length === 0) reader.problems.push("Không có đáp án đúng (qti-correct-response hoặc qti-mapping).");
    return { stem, body: { type: "short_answer", answer: { kind: "text", accepted, caseSensitive } } };
  }
  const gaps: QuestionBodyOf<"cloze">["gaps"] = entries.map((entry, index) => {
    const { declaration } = declarationOf(entry);
    const { accepted, caseSensitive } = NUMERIC_BASE_TYPES.has(declaration.baseType)
      ? { accepted: declaration.correct.slice(0, 1), caseSensitive: false }
      : acceptedAnswers(declaration);
    if (accepted.length === 0) reader.problems.push(`Chỗ trống thứ ${index + 1} không có đáp án đúng.`);
    return { key: gapKey(index), accepted, caseSensitive };
  });
  const stem = await reader.text(
    bodyWithout(bodyNodes, (entry) => [{ type: "text", text: `[[${gapKey(entries.indexOf(entry))}]]` }]),
  );
  const processing = childElement(reader.item, "qti-response-processing");
  // All gaps right or nothing is written as a qti-and over the gaps; anything else counts gap by gap.
  const allOrNothing = processing ? findElement(processing.children, (element) => element.name === "qti-and") !== null : false;
  return { stem, body: { type: "cloze", gaps, scoring: allOrNothing ? "all_or_nothing" : "proportional" } };
}

// ---- Export -----------------------------------------------------------------------------------------

const RESPONSE = "RESPONSE";
const float = (value: number) => `<qti-base-value base-type="float">${numberText(value)}</qti-base-value>`;
const setScore = (expression: string) => `<qti-set-outcome-value identifier="SCORE">${expression}</qti-set-outcome-value>`;
const variable = (identifier: string) => `<qti-variable identifier="${identifier}"/>`;
const correctOf = (identifier: string) => `<qti-correct identifier="${identifier}"/>`;
const mapResponse = (identifier: string) => `<qti-map-response identifier="${identifier}"/>`;

/** SCORE 1 when `condition` holds, else 0. */
const scoreIf = (condition: string) =>
  `<qti-response-condition><qti-response-if>${condition}${setScore(float(1))}</qti-response-if>` +
  `<qti-response-else>${setScore(float(0))}</qti-response-else></qti-response-condition>`;
const allOrNothingRules = scoreIf(`<qti-match>${variable(RESPONSE)}${correctOf(RESPONSE)}</qti-match>`);
/** The map_response template's rules: no answer scores 0, otherwise the mapped sum. */
const mappedRules = (identifier: string) =>
  `<qti-response-condition><qti-response-if><qti-is-null>${variable(identifier)}</qti-is-null>${setScore(float(0))}</qti-response-if>` +
  `<qti-response-else>${setScore(mapResponse(identifier))}</qti-response-else></qti-response-condition>`;

interface Declaration {
  identifier: string;
  cardinality: "single" | "multiple" | "ordered";
  baseType: "identifier" | "directedPair" | "string" | "float" | "file";
  correct: string[];
  /** Points per answer, summed and clamped to 0 … `upperBound` (1 unless said otherwise). */
  mapping?: { entries: { key: string; value: number; caseSensitive?: boolean }[]; upperBound?: number };
}

function declarationXml(declaration: Declaration): string {
  const { identifier, cardinality, baseType, correct, mapping } = declaration;
  let xml = `  <qti-response-declaration identifier="${identifier}" cardinality="${cardinality}" base-type="${baseType}">\n`;
  if (correct.length > 0)
    xml += `    <qti-correct-response>\n${correct.map((value) => `      <qti-value>${escapeXml(value)}</qti-value>\n`).join("")}    </qti-correct-response>\n`;
  if (mapping) {
    xml += `    <qti-mapping default-value="0" lower-bound="0" upper-bound="${numberText(mapping.upperBound ?? 1)}">\n`;
    for (const entry of mapping.entries) {
      const caseSensitive = entry.caseSensitive === undefined ? "" : ` case-sensitive="${entry.caseSensitive}"`;
      xml += `      <qti-map-entry map-key="${escapeXml(entry.key)}" mapped-value="${numberText(entry.value)}"${caseSensitive}/>\n`;
    }
    xml += "    </qti-mapping>\n";
  }
  return `${xml}  </qti-response-declaration>\n`;
}

interface ItemParts {
  declarations: Declaration[];
  /** Item body after the stem. */
  interaction: string;
  /** Stem HTML → body HTML (cloze puts its text entries into the stem). */
  stemTransform?: (html: string) => string;
  rules: string;
  /** Scorer notes (essay rubric), first in the body. */
  notes?: RichText | null;
}

type Html = (doc: RichText) => string;

function itemParts(body: QuestionBody, html: Html): ItemParts {
  switch (body.type) {
    case "single_choice":
    case "multiple_response": {
      const single = body.type === "single_choice";
      const correct = single
        ? body.options.flatMap((option, index) => (option.id === body.correctOptionId ? [optionId(index)] : []))
        : body.options.flatMap((option, index) => (option.correct ? [optionId(index)] : []));
      const proportional = body.type === "multiple_response" && body.scoring === "proportional";
      const choices = body.options.map(
        (option, index) => `<qti-simple-choice identifier="${optionId(index)}">${html(option.content)}</qti-simple-choice>`,
      );
      return {
        declarations: [
          {
            identifier: RESPONSE,
            cardinality: single ? "single" : "multiple",
            baseType: "identifier",
            correct,
            // (right − wrong picks) / correct options, never below 0: the bank's proportional score.
            ...(proportional
              ? {
                  mapping: {
                    entries: body.options.map((option, index) => ({
                      key: optionId(index),
                      value: (option.correct ? 1 : -1) / correct.length,
                    })),
                  },
                }
              : {}),
          },
        ],
        interaction:
          `<qti-choice-interaction response-identifier="${RESPONSE}" shuffle="${body.shuffleOptions}" max-choices="${single ? 1 : body.options.length}">` +
          `${choices.join("")}</qti-choice-interaction>`,
        rules: proportional ? mappedRules(RESPONSE) : allOrNothingRules,
      };
    }
    case "true_false_group": {
      const matching = trueFalseGroupAsMatching(body);
      const parts = itemParts({ ...matching, scoring: "all_or_nothing" }, html);
      // 1, 2, 3, 4 statements right → 0.1, 0.25, 0.5, 1 of the points (the 2025 national exam's scale).
      const steps = [
        [4, 1],
        [3, 0.5],
        [2, 0.25],
        [1, 0.1],
      ] as const;
      const conditions = steps
        .map(([right, share], index) => {
          const tag = index === 0 ? "qti-response-if" : "qti-response-else-if";
          return `<${tag}><qti-gte>${mapResponse(RESPONSE)}${float(right)}</qti-gte>${setScore(float(share))}</${tag}>`;
        })
        .join("");
      const [declaration] = parts.declarations;
      return {
        ...parts,
        declarations: [
          {
            ...declaration!,
            mapping: {
              entries: matching.pairs.map((pair) => ({ key: `${pair.premiseId} ${pair.responseId}`, value: 1 })),
              upperBound: 4,
            },
          },
        ],
        interaction: parts.interaction.replace('shuffle="true"', 'shuffle="false"'),
        rules: `<qti-response-condition>${conditions}<qti-response-else>${setScore(float(0))}</qti-response-else></qti-response-condition>`,
      };
    }
    case "matching": {
      const proportional = body.scoring === "proportional";
      const premises = body.premises.map(
        (premise) =>
          `<qti-simple-associable-choice identifier="${premise.id}" match-max="1">${html(premise.content)}</qti-simple-associable-choice>`,
      );
      const responses = body.responses.map(
        (response) =>
          `<qti-simple-associable-choice identifier="${response.id}" match-max="${body.premises.length}">${html(response.content)}</qti-simple-associable-choice>`,
      );
      const pairs = body.pairs.map((pair) => `${pair.premiseId} ${pair.responseId}`);
      return {
        declarations: [
          {
            identifier: RESPONSE,
            cardinality: "multiple",
            baseType: "directedPair",
            correct: pairs,
            ...(proportional ? { mapping: { entries: pairs.map((key) => ({ key, value: 1 / body.premises.length })) } } : {}),
          },
        ],
        interaction:
          `<qti-match-interaction response-identifier="${RESPONSE}" shuffle="true" max-associations="${body.premises.length}">` +
          `<qti-simple-match-set>${premises.join("")}</qti-simple-match-set>` +
          `<qti-simple-match-set>${responses.join("")}</qti-simple-match-set></qti-match-interaction>`,
        rules: proportional ? mappedRules(RESPONSE) : allOrNothingRules,
      };
    }
    case "ordering": {
      const count = body.items.length;
      const choices = body.items.map(
        (item, index) => `<qti-simple-choice identifier="${optionId(index)}">${html(item.content)}</qti-simple-choice>`,
      );
      // Proportional: each item in its own place is worth 1/n, compared position by position.
      const positionRules = body.items
        .map(
          (_, index) =>
            `<qti-response-condition><qti-response-if><qti-match><qti-index n="${index + 1}">${variable(RESPONSE)}</qti-index>` +
            `<qti-index n="${index + 1}">${correctOf(RESPONSE)}</qti-index></qti-match>` +
            `${setScore(`<qti-sum>${variable("SCORE")}${float(1 / count)}</qti-sum>`)}</qti-response-if></qti-response-condition>`,
        )
        .join("");
      return {
        declarations: [
          {
            identifier: RESPONSE,
            cardinality: "ordered",
            baseType: "identifier",
            correct: body.items.map((_, index) => optionId(index)),
          },
        ],
        interaction: `<qti-order-interaction response-identifier="${RESPONSE}" shuffle="true">${choices.join("")}</qti-order-interaction>`,
        rules: body.scoring === "proportional" ? setScore(float(0)) + positionRules : allOrNothingRules,
      };
    }
    case "short_answer": {
      const entry = `<p><qti-text-entry-interaction response-identifier="${RESPONSE}" expected-length="20"/></p>`;
      if (body.answer.kind === "numeric") {
        const tolerance = body.answer.tolerance;
        const equal =
          tolerance > 0
            ? `<qti-equal tolerance-mode="absolute" tolerance="${numberText(tolerance)} ${numberText(tolerance)}">`
            : `<qti-equal tolerance-mode="exact">`;
        return {
          declarations: [
            { identifier: RESPONSE, cardinality: "single", baseType: "float", correct: [decimalWithDot(body.answer.value)] },
          ],
          interaction: entry,
          rules: scoreIf(`${equal}${variable(RESPONSE)}${correctOf(RESPONSE)}</qti-equal>`),
        };
      }
      const { accepted, caseSensitive } = body.answer;
      return {
        declarations: [
          {
            identifier: RESPONSE,
            cardinality: "single",
            baseType: "string",
            correct: accepted.slice(0, 1),
            mapping: { entries: accepted.map((key) => ({ key, value: 1, caseSensitive })) },
          },
        ],
        interaction: entry,
        rules: mappedRules(RESPONSE),
      };
    }
    case "cloze": {
      const identifierOf = (index: number) => `${RESPONSE}_${index + 1}`;
      const declarations: Declaration[] = body.gaps.map((gap, index) => ({
        identifier: identifierOf(index),
        cardinality: "single",
        baseType: "string",
        correct: gap.accepted.slice(0, 1),
        mapping: { entries: gap.accepted.map((key) => ({ key, value: 1, caseSensitive: gap.caseSensitive })) },
      }));
      const maps = body.gaps.map((_, index) => mapResponse(identifierOf(index))).join("");
      const rules =
        body.scoring === "all_or_nothing"
          ? scoreIf(
              `<qti-and>${body.gaps.map((_, index) => `<qti-gt>${mapResponse(identifierOf(index))}${float(0)}</qti-gt>`).join("")}</qti-and>`,
            )
          : setScore(`<qti-divide><qti-sum>${maps}</qti-sum>${float(body.gaps.length)}</qti-divide>`);
      return {
        declarations,
        interaction: "",
        stemTransform: (stemHtml) =>
          stemHtml.replace(new RegExp(CLOZE_GAP_PATTERN.source, "g"), (marker, key: string) => {
            const index = body.gaps.findIndex((gap) => gap.key === key);
            return index === -1
              ? marker
              : `<qti-text-entry-interaction response-identifier="${identifierOf(index)}" expected-length="15"/>`;
          }),
        rules,
      };
    }
    case "essay": {
      const upload = body.allowPhoto ? `<qti-upload-interaction response-identifier="PHOTO" type="image/*"/>` : "";
      return {
        declarations: [
          { identifier: RESPONSE, cardinality: "single", baseType: "string", correct: [] },
          ...(body.allowPhoto
            ? [{ identifier: "PHOTO", cardinality: "single" as const, baseType: "file" as const, correct: [] }]
            : []),
        ],
        interaction: `<qti-extended-text-interaction response-identifier="${RESPONSE}"/>${upload}`,
        // Essays are scored by a teacher with the rubric, which travels as scorer notes.
        rules: "",
        notes: rubricToNotes(body.rubric),
      };
    }
    default:
      return body satisfies never;
  }
}

const itemIdentifier = (index: number) => `item-${String(index + 1).padStart(3, "0")}`;

function itemXml(question: ExportableQuestion, index: number, html: Html): string {
  const parts = itemParts(question.body, html);
  const solutionRule = question.solution
    ? `<qti-set-outcome-value identifier="FEEDBACK"><qti-base-value base-type="identifier">SOLUTION</qti-base-value></qti-set-outcome-value>`
    : "";
  const stem = html(question.stem);
  const notes = parts.notes
    ? `<qti-rubric-block use="scoring" view="scorer"><qti-content-body>${html(parts.notes)}</qti-content-body></qti-rubric-block>`
    : "";
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += `<qti-assessment-item xmlns="${QTI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;
  xml += ` xsi:schemaLocation="${QTI_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0p1_v1p0.xsd"`;
  xml += ` identifier="${itemIdentifier(index)}" title="${escapeXml(exportLabel(question, index))}" adaptive="false" time-dependent="false" xml:lang="vi">\n`;
  xml += parts.declarations.map(declarationXml).join("");
  xml += '  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">\n';
  xml += "    <qti-default-value><qti-value>0</qti-value></qti-default-value>\n  </qti-outcome-declaration>\n";
  xml += '  <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">\n';
  xml += "    <qti-default-value><qti-value>1</qti-value></qti-default-value>\n  </qti-outcome-declaration>\n";
  if (question.solution)
    xml += '  <qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"/>\n';
  xml += `  <qti-item-body>${notes}${parts.stemTransform ? parts.stemTransform(stem) : stem}${parts.interaction}</qti-item-body>\n`;
  if (parts.rules || solutionRule) xml += `  <qti-response-processing>${parts.rules}${solutionRule}</qti-response-processing>\n`;
  if (question.solution) {
    xml += '  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="SOLUTION" show-hide="show" title="Lời giải">';
    xml += `<qti-content-body>${html(question.solution)}</qti-content-body></qti-modal-feedback>\n`;
  }
  return `${xml}</qti-assessment-item>\n`;
}

/** Every rich text of a question: where its images are. */
function questionTexts(question: ExportableQuestion): RichText[] {
  const { body } = question;
  const texts = [question.stem, ...(question.solution ? [question.solution] : [])];
  if (body.type === "single_choice" || body.type === "multiple_response")
    texts.push(...body.options.map((option) => option.content));
  if (body.type === "true_false_group") texts.push(...body.statements.map((statement) => statement.content));
  if (body.type === "matching")
    texts.push(...body.premises.map((part) => part.content), ...body.responses.map((part) => part.content));
  if (body.type === "ordering") texts.push(...body.items.map((item) => item.content));
  return texts;
}

/** A fixed time for every entry, so the same questions always give the same package bytes. */
const ENTRY_TIME = new Date("2025-01-01T00:00:00Z");

/**
 * Writes questions as a QTI 3.0 package (.zip): `imsmanifest.xml`, `items/item-001.xml` … and the
 * images the items show under `items/images/`. Categories are not carried (QTI items have no place
 * for them). An image `loadImage` cannot give is replaced by its description.
 */
export async function exportQtiPackage(questions: readonly ExportableQuestion[], options: QtiExportOptions): Promise<Uint8Array> {
  const zip = new ZipFile();
  const imagePaths = new Map<string, string | null>();
  const resources: string[] = [];
  for (const [index, question] of questions.entries()) {
    const itemPath = `items/${itemIdentifier(index)}.xml`;
    const itemImages: string[] = [];
    for (const src of questionTexts(question).flatMap(richTextImageSources)) {
      if (/^https:\/\//i.test(src) || imagePaths.has(src)) continue;
      const image = await options.loadImage(src).catch(() => null);
      const imagePath = image ? `images/hinh-${imagePaths.size + 1}.${imageExtension(image.contentType)}` : null;
      imagePaths.set(src, imagePath);
      if (image && imagePath) zip.addBuffer(Buffer.from(image.data), `items/${imagePath}`, { mtime: ENTRY_TIME });
    }
    for (const src of questionTexts(question).flatMap(richTextImageSources)) {
      const imagePath = imagePaths.get(src);
      if (imagePath && !itemImages.includes(imagePath)) itemImages.push(imagePath);
    }
    const html: Html = (doc) =>
      richTextToHtml(doc, {
        math: "mathml",
        imageSrc: (src) => (/^https:\/\//i.test(src) ? src : (imagePaths.get(src) ?? null)),
      });
    zip.addBuffer(Buffer.from(itemXml(question, index, html), "utf8"), itemPath, { mtime: ENTRY_TIME });
    const files = [itemPath, ...itemImages.map((imagePath) => `items/${imagePath}`)];
    resources.push(
      `    <resource identifier="${itemIdentifier(index)}" type="${ITEM_RESOURCE_TYPE}" href="${itemPath}">\n` +
        files.map((file) => `      <file href="${file}"/>\n`).join("") +
        "    </resource>\n",
    );
  }
  let manifest = '<?xml version="1.0" encoding="UTF-8"?>\n';
  manifest += `<manifest xmlns="${MANIFEST_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;
  manifest += ` xsi:schemaLocation="${MANIFEST_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"`;
  manifest += ' identifier="kho-hoc-lieu-qti">\n';
  manifest += "  <metadata>\n    <schema>QTI Package</schema>\n    <schemaversion>3.0.0</schemaversion>\n  </metadata>\n";
  manifest += `  <organizations/>\n  <resources>\n${resources.join("")}  </resources>\n</manifest>\n`;
  zip.addBuffer(Buffer.from(manifest, "utf8"), "imsmanifest.xml", { mtime: ENTRY_TIME });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

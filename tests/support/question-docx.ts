import { randomBytes } from "node:crypto";
import { ZipFile } from "yazl";

/**
 * Word question files for tests, written as raw OOXML so a test controls exactly the markup the
 * importer sees: runs with underline/bold/red/highlight, "*" markers, OMML equations, inline PNG
 * images, tabs, numbering and answer tables. `buildAcceptanceDocx` is the 31-item acceptance file
 * (30 good items over the three 2025 sections plus one broken item), reused by the Playwright tests.
 */

const NAMESPACES = [
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"',
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"',
  'xmlns:v="urn:schemas-microsoft-com:vml"',
  'xmlns:o="urn:schemas-microsoft-com:office:office"',
].join(" ");

export const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A 4×3 red PNG. */
export const PNG_PIXELS = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGP4z8AARww4OQD1MQv1NXv7ggAAAABJRU5ErkJggg==",
  "base64",
);

// ---- Runs and paragraphs -----------------------------------------------------------------------

export interface RunFormat {
  bold?: boolean;
  italic?: boolean;
  /** true for a single underline, or a w:u value ("double", "none"). */
  underline?: boolean | string;
  /** Hex colour, e.g. "FF0000". */
  color?: string;
  /** w:highlight value, e.g. "yellow". */
  highlight?: string;
  vertAlign?: "superscript" | "subscript";
  /** Font name, e.g. ".VnTime" for the legacy-font warning. */
  font?: string;
}

function runProperties(format: RunFormat): string {
  const properties = [
    format.font ? `<w:rFonts w:ascii="${format.font}" w:hAnsi="${format.font}"/>` : "",
    format.bold ? "<w:b/>" : "",
    format.italic ? "<w:i/>" : "",
    format.color ? `<w:color w:val="${format.color}"/>` : "",
    format.highlight ? `<w:highlight w:val="${format.highlight}"/>` : "",
    format.underline ? `<w:u w:val="${format.underline === true ? "single" : format.underline}"/>` : "",
    format.vertAlign ? `<w:vertAlign w:val="${format.vertAlign}"/>` : "",
  ].join("");
  return properties ? `<w:rPr>${properties}</w:rPr>` : "";
}

/** A text run; tabs in `text` become w:tab. */
export function run(text: string, format: RunFormat = {}): string {
  const pieces = text.split("\t").map((piece) => (piece ? `<w:t xml:space="preserve">${escapeXml(piece)}</w:t>` : ""));
  return `<w:r>${runProperties(format)}${pieces.join("<w:tab/>")}</w:r>`;
}

export const tab = "<w:r><w:tab/></w:r>";
export const lineBreak = "<w:r><w:br/></w:r>";

/** A paragraph of runs, equations or images; a plain string is one unformatted run. */
export function paragraph(...content: string[]): string {
  return `<w:p>${content.map((part) => (part.startsWith("<") ? part : run(part))).join("")}</w:p>`;
}

/** A paragraph numbered by list `numId` (see {@link NUMBERING_XML}). */
export function numberedParagraph(numId: number, ...content: string[]): string {
  return paragraph(...content).replace(
    "<w:p>",
    `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>`,
  );
}

/** A table; a plain string cell is one paragraph of text, otherwise the cell's paragraphs as XML. */
export function table(rows: readonly (readonly string[])[]): string {
  const cell = (content: string) =>
    `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>${content.startsWith("<w:p") || content.startsWith("<w:tbl") ? content : paragraph(content)}</w:tc>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${rows.map((row) => `<w:tr>${row.map(cell).join("")}</w:tr>`).join("")}</w:tbl>`;
}

/** An inline picture referring to relationship `relationshipId`. */
export function imageRun(
  relationshipId: string,
  options: { widthPx?: number; heightPx?: number; description?: string } = {},
): string {
  const cx = (options.widthPx ?? 120) * 9525;
  const cy = (options.heightPx ?? 90) * 9525;
  return (
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/>` +
    `<wp:docPr id="1" name="Picture 1" descr="${escapeXml(options.description ?? "")}"/>` +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
    `<pic:nvPicPr><pic:cNvPr id="0" name="image.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${relationshipId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
  );
}

/** A MathType equation as Word stores it (an OLE object with a WMF preview): the importer must report it. */
export function mathTypeObject(relationshipId: string): string {
  return `<w:r><w:object><v:shape style="width:30pt;height:15pt"><v:imagedata r:id="${relationshipId}" o:title=""/></v:shape><o:OLEObject Type="Embed" ProgID="Equation.DSMT4" ShapeID="_x0000_i1025" DrawAspect="Content" ObjectID="_1"/></w:object></w:r>`;
}

// ---- Equations (OMML) ---------------------------------------------------------------------------

const arg = (name: string, content: string) => `<m:${name}>${content}</m:${name}>`;
const val = (name: string, value: string) => `<m:${name} m:val="${escapeXml(value)}"/>`;

/** Builders of OMML elements, named after them. */
export const omml = {
  /** An inline equation (inside a paragraph). */
  math: (...children: string[]) => `<m:oMath>${children.join("")}</m:oMath>`,
  /** A display equation: the paragraph holding only it. */
  mathParagraph: (...children: string[]) => `<w:p><m:oMathPara><m:oMath>${children.join("")}</m:oMath></m:oMathPara></w:p>`,
  r: (text: string, properties: { plain?: boolean; normal?: boolean; script?: string; style?: string; color?: string } = {}) => {
    const mathProperties = [
      properties.normal ? "<m:nor/>" : "",
      properties.script ? val("scr", properties.script) : "",
      properties.plain ? val("sty", "p") : properties.style ? val("sty", properties.style) : "",
    ].join("");
    const wordProperties = properties.color ? `<w:rPr><w:color w:val="${properties.color}"/></w:rPr>` : "";
    return `<m:r>${mathProperties ? `<m:rPr>${mathProperties}</m:rPr>` : ""}${wordProperties}<m:t xml:space="preserve">${escapeXml(text)}</m:t></m:r>`;
  },
  f: (numerator: string, denominator: string, type?: "bar" | "skw" | "lin" | "noBar") =>
    `<m:f>${type ? `<m:fPr>${val("type", type)}</m:fPr>` : ""}${arg("num", numerator)}${arg("den", denominator)}</m:f>`,
  sSup: (base: string, sup: string) => `<m:sSup>${arg("e", base)}${arg("sup", sup)}</m:sSup>`,
  sSub: (base: string, sub: string) => `<m:sSub>${arg("e", base)}${arg("sub", sub)}</m:sSub>`,
  sSubSup: (base: string, sub: string, sup: string) =>
    `<m:sSubSup>${arg("e", base)}${arg("sub", sub)}${arg("sup", sup)}</m:sSubSup>`,
  sPre: (sub: string, sup: string, base: string) => `<m:sPre>${arg("sub", sub)}${arg("sup", sup)}${arg("e", base)}</m:sPre>`,
  rad: (body: string, degree?: string) =>
    `<m:rad>${degree ? "" : `<m:radPr>${val("degHide", "1")}</m:radPr>`}${arg("deg", degree ?? "")}${arg("e", body)}</m:rad>`,
  nary: (character: string | null, sub: string, sup: string, body: string) =>
    `<m:nary><m:naryPr>${character ? val("chr", character) : ""}${sub ? "" : val("subHide", "1")}${sup ? "" : val("supHide", "1")}</m:naryPr>${arg("sub", sub)}${arg("sup", sup)}${arg("e", body)}</m:nary>`,
  d: (items: string[], delimiters: { begin?: string; end?: string; separator?: string } = {}) => {
    const properties = [
      delimiters.begin !== undefined ? val("begChr", delimiters.begin) : "",
      delimiters.separator !== undefined ? val("sepChr", delimiters.separator) : "",
      delimiters.end !== undefined ? val("endChr", delimiters.end) : "",
    ].join("");
    return `<m:d>${properties ? `<m:dPr>${properties}</m:dPr>` : ""}${items.map((item) => arg("e", item)).join("")}</m:d>`;
  },
  func: (name: string, body: string) => `<m:func>${arg("fName", name)}${arg("e", body)}</m:func>`,
  limLow: (body: string, limit: string) => `<m:limLow>${arg("e", body)}${arg("lim", limit)}</m:limLow>`,
  limUpp: (body: string, limit: string) => `<m:limUpp>${arg("e", body)}${arg("lim", limit)}</m:limUpp>`,
  acc: (body: string, character?: string) =>
    `<m:acc>${character ? `<m:accPr>${val("chr", character)}</m:accPr>` : ""}${arg("e", body)}</m:acc>`,
  bar: (body: string, position?: "top" | "bot") =>
    `<m:bar>${position ? `<m:barPr>${val("pos", position)}</m:barPr>` : ""}${arg("e", body)}</m:bar>`,
  m: (rows: string[][]) =>
    `<m:m>${rows.map((row) => `<m:mr>${row.map((cell) => arg("e", cell)).join("")}</m:mr>`).join("")}</m:m>`,
  eqArr: (rows: string[]) => `<m:eqArr>${rows.map((row) => arg("e", row)).join("")}</m:eqArr>`,
  box: (body: string) => `<m:box>${arg("e", body)}</m:box>`,
  borderBox: (body: string) => `<m:borderBox>${arg("e", body)}</m:borderBox>`,
  groupChr: (body: string, character?: string, position?: "top" | "bot") =>
    `<m:groupChr><m:groupChrPr>${character ? val("chr", character) : ""}${position ? val("pos", position) : ""}</m:groupChrPr>${arg("e", body)}</m:groupChr>`,
};

// ---- The package --------------------------------------------------------------------------------

export interface DocxMedia {
  relationshipId: string;
  /** Name under word/media/. */
  fileName: string;
  data: Buffer;
}

/** Numbering with list 1 = "Câu %1." and list 2 = "%1." upper letters (options A., B. …). */
export const NUMBERING_XML =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${NAMESPACES}>` +
  `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Câu %1."/></w:lvl></w:abstractNum>` +
  `<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>` +
  `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>` +
  `<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
  `</w:numbering>`;

function zip(files: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = new ZipFile();
  for (const [name, content] of Object.entries(files))
    archive.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"), name);
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on("error", reject);
  });
}

/** A complete .docx whose body is `body` (paragraph and table XML), with images and optional numbering. */
export function buildDocx(options: {
  body: readonly string[];
  media?: readonly DocxMedia[];
  numbering?: string;
}): Promise<Buffer> {
  const media = options.media ?? [];
  const relationships = [
    ...media.map(
      (item) =>
        `<Relationship Id="${item.relationshipId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/${item.fileName}"/>`,
    ),
    options.numbering
      ? `<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>`
      : "",
  ].join("");
  const extensions = [...new Set(media.map((item) => item.fileName.slice(item.fileName.lastIndexOf(".") + 1).toLowerCase()))];
  const files: Record<string, string | Buffer> = {
    "[Content_Types].xml":
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      extensions
        .map((extension) => `<Default Extension="${extension}" ContentType="image/${extension === "jpg" ? "jpeg" : extension}"/>`)
        .join("") +
      `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
      (options.numbering
        ? `<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>`
        : "") +
      `</Types>`,
    "_rels/.rels":
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    "word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}</Relationships>`,
    "word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NAMESPACES}><w:body>${options.body.join("")}<w:sectPr/></w:body></w:document>`,
  };
  if (options.numbering) files["word/numbering.xml"] = options.numbering;
  for (const item of media) files[`word/media/${item.fileName}`] = item.data;
  return zip(files);
}

// ---- The acceptance file ------------------------------------------------------------------------

/** What the importer must find in the acceptance file, item by item. */
export interface AcceptanceExpectation {
  label: string;
  section: string;
  type: "single_choice" | "true_false_group" | "short_answer";
  /** "B" for single choice, "ĐSĐS" for true/false (a→d), the value for short answer. */
  answer: string;
}

const underline = { underline: true };
const option = (letter: string, text: string | string[], labelFormat: RunFormat = {}, textFormat: RunFormat = {}) => [
  run(`${letter}. `, labelFormat),
  ...(Array.isArray(text) ? text : [run(text, textFormat)]),
];
const statement = (letter: string, text: string | string[], labelFormat: RunFormat = {}) => [
  run(`${letter}) `, labelFormat),
  ...(Array.isArray(text) ? text : [run(text)]),
];
const { math, r } = omml;

const ACCEPTANCE_SECTION_I = "PHẦN I";
const ACCEPTANCE_SECTION_II = "PHẦN II";
const ACCEPTANCE_SECTION_III = "PHẦN III";

/** Expected answers of the 30 good items; Câu 7 is the broken one. */
export const ACCEPTANCE_EXPECTED: readonly AcceptanceExpectation[] = [
  ..."BCCDCADDBCABBBCDAAD".split("").map((answer, index) => ({
    label: `Câu ${index + 1}`,
    section: ACCEPTANCE_SECTION_I,
    type: "single_choice" as const,
    answer,
  })),
  ...["ĐSĐS", "ĐSSĐ", "SĐSĐ", "ĐĐĐĐ", "ĐSSĐ", "ĐĐSS"].map((answer, index) => ({
    label: `Câu ${20 + index}`,
    section: ACCEPTANCE_SECTION_II,
    type: "true_false_group" as const,
    answer,
  })),
  ...["2,5", "12", "-1,5", "7", "3,14", "20"].map((answer, index) => ({
    label: `Câu ${26 + index}`,
    section: ACCEPTANCE_SECTION_III,
    type: "short_answer" as const,
    answer,
  })),
].filter((expectation) => expectation.label !== "Câu 7");

export const ACCEPTANCE_BROKEN_LABEL = "Câu 7";
export const ACCEPTANCE_IMAGE_FILE = "hinh-cau-6.png";

/** The body of the acceptance file: 31 items in PHẦN I/II/III, an answer table, solutions, equations and one image. */
export function acceptanceBody(): string[] {
  const body: string[] = [
    paragraph(run("ĐỀ KIỂM TRA MINH HỌA – MÔN TOÁN 12", { bold: true })),
    paragraph("Thời gian làm bài: 90 phút, không kể thời gian phát đề."),
    paragraph(
      run("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn. ", { bold: true }),
      run("Thí sinh trả lời từ câu 1 đến câu 19. Mỗi câu hỏi thí sinh chỉ chọn một phương án."),
    ),
    // 1: underlined label, level (NB), equation in the stem.
    paragraph(
      run("Câu 1. ", { bold: true }),
      run("(NB) Tập xác định của hàm số "),
      math(r("y="), omml.f(r("1"), r("x−1"))),
      run(" là"),
    ),
    paragraph(...option("A", [math(r("R", { script: "double-struck", plain: true }))])),
    paragraph(
      ...option(
        "B",
        [math(r("R", { script: "double-struck", plain: true }), r("∖"), omml.d([r("1")], { begin: "{", end: "}" }))],
        underline,
      ),
    ),
    paragraph(...option("C", "(1; +∞)")),
    paragraph(...option("D", [math(omml.d([r("−∞;1")]))])),
    // 2: whole option text bold.
    paragraph(run("Câu 2. ", { bold: true }), run("Hàm số nào sau đây đồng biến trên ℝ?")),
    paragraph(...option("A", [math(r("y=−x+1"))])),
    paragraph(...option("B", [math(omml.sSup(r("y=x"), r("2")))])),
    paragraph(...option("C", "y = x³ + x", {}, { bold: true })),
    paragraph(...option("D", "y = 1/x")),
    // 3: whole option red.
    paragraph(
      run("Câu 3. ", { bold: true }),
      run("Giá trị của "),
      math(omml.func(r("sin", { plain: true }), r("30°"))),
      run(" bằng"),
    ),
    paragraph(...option("A", "1")),
    paragraph(...option("B", [math(omml.f(r("√3"), r("2")))])),
    paragraph(...option("C", [math(omml.f(r("1", { color: "FF0000" }), r("2", { color: "FF0000" })))], { color: "FF0000" })),
    paragraph(...option("D", "0")),
    // 4: "*" before the label.
    paragraph(run("Câu 4. ", { bold: true }), run("Số cạnh của một hình lập phương là")),
    paragraph(...option("A", "6")),
    paragraph(...option("B", "8")),
    paragraph(...option("C", "10")),
    paragraph(run("*D. "), run("12")),
    // 5: four options on one line with tabs; the answer only in the table.
    paragraph(
      run("Câu 5. ", { bold: true }),
      run("Nghiệm của phương trình "),
      math(omml.sSup(r("2"), r("x")), r("=8")),
      run(" là"),
    ),
    paragraph(run("A. 1\tB. 2\tC. 3\tD. 4")),
    // 6: image in the stem, underlined label, solution with an equation.
    paragraph(run("Câu 6. ", { bold: true }), run("Cho hình vẽ bên. Hình vẽ có bao nhiêu ô màu đỏ?")),
    paragraph(imageRun("rIdImage6", { widthPx: 160, heightPx: 120, description: "Lưới ô màu đỏ" })),
    paragraph(...option("A", "12", underline)),
    paragraph(...option("B", "7")),
    paragraph(...option("C", "4")),
    paragraph(...option("D", "3")),
    paragraph(run("Lời giải: ", { bold: true }), run("Lưới có "), math(r("4×3=12")), run(" ô.")),
    // 7: broken — options, no mark, not in the table.
    paragraph(run("Câu 7. ", { bold: true }), run("Thủ đô của Việt Nam là")),
    paragraph(...option("A", "Hà Nội")),
    paragraph(...option("B", "Huế")),
    paragraph(...option("C", "Đà Nẵng")),
    paragraph(...option("D", "TP. Hồ Chí Minh")),
    // 8: two options per line, red C00000 label, "Hướng dẫn giải".
    paragraph(run("Câu 8. ", { bold: true }), run("Đạo hàm của hàm số "), math(r("y="), omml.sSup(r("x"), r("3"))), run(" là")),
    paragraph(run("A. "), math(r("3x")), tab, run("B. "), math(omml.sSup(r("x"), r("2")))),
    paragraph(run("C. "), math(r("3")), tab, run("D.", { color: "C00000" }), run(" "), math(r("3"), omml.sSup(r("x"), r("2")))),
    paragraph(run("Hướng dẫn giải:", { bold: true })),
    paragraph(math(omml.sSup(r("y"), r("′")), r("=3"), omml.sSup(r("x"), r("2")))),
    // 9: "Câu 9:" form, highlighted option, level [TH].
    paragraph(
      run("Câu 9: ", { bold: true }),
      run("[TH] Cho cấp số cộng có "),
      math(omml.sSub(r("u"), r("1")), r("=2")),
      run(" và công sai "),
      math(r("d=3")),
      run(". Số hạng "),
      math(omml.sSub(r("u"), r("3"))),
      run(" bằng"),
    ),
    paragraph(...option("A", "5")),
    paragraph(...option("B", "8", {}, { highlight: "yellow" })),
    paragraph(...option("C", "11")),
    paragraph(...option("D", "6")),
    // 10: bold "Câu 10" without punctuation; all labels bold (style), answer underlined.
    paragraph(run("Câu 10", { bold: true }), run(" Cho "), math(omml.sSub(r("log"), r("2")), r("8")), run(" bằng")),
    paragraph(...option("A", "2", { bold: true })),
    paragraph(...option("B", "4", { bold: true })),
    paragraph(...option("C", "3", { bold: true, underline: true })),
    paragraph(...option("D", "8", { bold: true })),
    // 11: answer only in the table; all labels bold.
    paragraph(run("Câu 11. ", { bold: true }), run("Thể tích khối lập phương cạnh "), math(r("a")), run(" là")),
    paragraph(...option("A", [math(omml.sSup(r("a"), r("3")))], { bold: true })),
    paragraph(...option("B", [math(omml.sSup(r("a"), r("2")))], { bold: true })),
    paragraph(...option("C", [math(r("3a"))], { bold: true })),
    paragraph(...option("D", [math(omml.f(omml.sSup(r("a"), r("3")), r("3")))], { bold: true })),
    // 12: display equation in the stem; underline agrees with the table.
    paragraph(run("Câu 12. ", { bold: true }), run("Tính tích phân")),
    omml.mathParagraph(r("I="), omml.nary("∫", r("0"), r("1"), r("2x")), r("dx")),
    paragraph(...option("A", "2")),
    paragraph(...option("B", "1", underline)),
    paragraph(...option("C", "0")),
    paragraph(...option("D", [math(omml.f(r("1"), r("2")))])),
    // 13: only the answer's label bold.
    paragraph(run("Câu 13. ", { bold: true }), run("Giá trị của "), math(omml.rad(r("16"))), run(" là")),
    paragraph(...option("A", "2")),
    paragraph(...option("B", "4", { bold: true })),
    paragraph(...option("C", "8")),
    paragraph(...option("D", "16")),
    // 14: "*" after the label, level at the end of the stem.
    paragraph(
      run("Câu 14. ", { bold: true }),
      run("Một hộp có 3 bi đỏ và 2 bi xanh. Lấy ngẫu nhiên 1 bi. Xác suất lấy được bi đỏ là (VD)"),
    ),
    paragraph(...option("A", [math(omml.f(r("2"), r("5")))])),
    paragraph(run("B. "), run("*"), math(omml.f(r("3"), r("5")))),
    paragraph(...option("C", [math(omml.f(r("1"), r("5")))])),
    paragraph(...option("D", [math(omml.f(r("1"), r("2")))])),
    // 15: red E00000 label.
    paragraph(run("Câu 15. ", { bold: true }), run("Góc giữa hai đường thẳng vuông góc bằng")),
    paragraph(...option("A", [math(r("0°"))])),
    paragraph(...option("B", [math(r("45°"))])),
    paragraph(...option("C", [math(r("90°"))], { color: "E00000" })),
    paragraph(...option("D", [math(r("180°"))])),
    // 16: whole option text underlined (not the label).
    paragraph(run("Câu 16. ", { bold: true }), run("Vectơ "), math(omml.acc(r("AB"), "⃗")), run(" có điểm đầu là")),
    paragraph(...option("A", "A và B")),
    paragraph(...option("B", "B")),
    paragraph(...option("C", "trung điểm AB")),
    paragraph(...option("D", "A", {}, underline)),
    // 17: symbols; underline agrees with the table.
    paragraph(
      run("Câu 17. ", { bold: true }),
      run("Tập nghiệm của bất phương trình "),
      math(r("x≤2"), r(" và "), r("x≥2")),
      run(" là"),
    ),
    paragraph(...option("A", [math(omml.d([r("2")], { begin: "{", end: "}" }))], underline)),
    paragraph(...option("B", [math(r("∅"))])),
    paragraph(...option("C", [math(r("ℝ"))])),
    paragraph(...option("D", [math(omml.d([r("2;+∞")], { begin: "[", end: ")" }))])),
    // 18: a sum in an option.
    paragraph(run("Câu 18. ", { bold: true }), run("Tổng "), math(omml.nary("∑", r("k=1"), r("3"), r("k"))), run(" bằng")),
    paragraph(...option("A", "6", underline)),
    paragraph(...option("B", "3")),
    paragraph(...option("C", "9")),
    paragraph(...option("D", "1")),
    // 19: level (Biết); answer in an "Đáp án:" line.
    paragraph(run("Câu 19. ", { bold: true }), run("(Biết) Số đỉnh của hình tứ diện là")),
    paragraph(run("A. 3\tB. 6\tC. 8\tD. 4")),
    paragraph(run("Đáp án: D")),

    paragraph(run("PHẦN II. Câu trắc nghiệm đúng sai. ", { bold: true }), run("Thí sinh trả lời từ câu 20 đến câu 25.")),
    // 20: true statements underlined; the table agrees.
    paragraph(
      run("Câu 20. ", { bold: true }),
      run("Cho hàm số "),
      math(r("f"), omml.d([r("x")]), r("="), omml.sSup(r("x"), r("2")), r("−2x")),
      run(". Xét tính đúng sai của các mệnh đề sau:"),
    ),
    paragraph(...statement("a", [math(r("f"), omml.d([r("0")]), r("=0"))], underline)),
    paragraph(...statement("b", [run("Hàm số đồng biến trên "), math(r("ℝ"))])),
    paragraph(...statement("c", [math(omml.sSup(r("f"), r("′")), omml.d([r("x")]), r("=2x−2"))], underline)),
    paragraph(...statement("d", "Hàm số có giá trị lớn nhất")),
    // 21: answer only in the table ("a) Đ b) S c) S d) Đ").
    paragraph(run("Câu 21. ", { bold: true }), run("Một lớp có 40 học sinh, trong đó 25 nữ.")),
    paragraph(...statement("a", "Số học sinh nam là 15.")),
    paragraph(...statement("b", "Tỉ lệ nữ là 50%.")),
    paragraph(...statement("c", "Số nữ ít hơn số nam.")),
    paragraph(...statement("d", "Chọn ngẫu nhiên 1 học sinh, xác suất chọn được nữ là 0,625.")),
    // 22: bold labels of the true statements only.
    paragraph(run("Câu 22. ", { bold: true }), run("Cho tam giác "), math(r("ABC")), run(" vuông tại "), math(r("A")), run(".")),
    paragraph(...statement("a", [math(r("BC<AB"))])),
    paragraph(
      ...statement(
        "b",
        [math(omml.sSup(r("BC"), r("2")), r("="), omml.sSup(r("AB"), r("2")), r("+"), omml.sSup(r("AC"), r("2")))],
        { bold: true },
      ),
    ),
    paragraph(...statement("c", [math(omml.acc(r("A"), "̂"), r("=60°"))])),
    paragraph(...statement("d", "Trung tuyến từ A bằng nửa cạnh huyền.", { bold: true })),
    // 23: all four statements red: all true.
    paragraph(run("Câu 23. ", { bold: true }), run("Xét tính đúng sai:")),
    paragraph(run("a) 2 là số nguyên tố.", { color: "FF0000" })),
    paragraph(run("b) 3 là số lẻ.", { color: "FF0000" })),
    paragraph(
      run("c) ", { color: "FF0000" }),
      math(r("4=", { color: "FF0000" }), omml.sSup(r("2", { color: "FF0000" }), r("2", { color: "FF0000" }))),
    ),
    paragraph(run("d) 5 > 4.", { color: "FF0000" })),
    // 24: "*" markers.
    paragraph(run("Câu 24. ", { bold: true }), run("Cho "), math(r("a=2,b=−3")), run(".")),
    paragraph(run("*a) "), math(r("a+b=−1"))),
    paragraph(...statement("b", [math(r("ab=6"))])),
    paragraph(...statement("c", [math(r("a−b=−1"))])),
    paragraph(run("*d) "), math(omml.sSup(r("b"), r("2")), r("=9"))),
    // 25: "(Đ)"/"(S)" after each statement, a solution.
    paragraph(run("Câu 25. ", { bold: true }), run("Cho dãy số "), math(omml.sSub(r("u"), r("n")), r("=2n+1")), run(".")),
    paragraph(run("a) Dãy số tăng. (Đ)")),
    paragraph(run("b) "), math(omml.sSub(r("u"), r("1")), r("=3")), run(" (Đ)")),
    paragraph(run("c) Dãy số bị chặn trên. (S)")),
    paragraph(run("d) Dãy số là cấp số nhân. (S)")),
    paragraph(run("Lời giải", { bold: true })),
    paragraph(math(omml.sSub(r("u"), r("n+1")), r("−"), omml.sSub(r("u"), r("n")), r("=2>0")), run(" nên dãy số tăng.")),

    paragraph(run("PHẦN III. Câu trắc nghiệm trả lời ngắn. ", { bold: true }), run("Thí sinh trả lời từ câu 26 đến câu 31.")),
    paragraph(run("Câu 26. ", { bold: true }), run("Giải phương trình "), math(r("2x−5=0")), run(".")),
    paragraph(run("Đáp án: 2,5")),
    paragraph(run("Câu 27. ", { bold: true }), run("Một hình chữ nhật có chiều dài 4 và chiều rộng 3. Tính diện tích.")),
    paragraph(run("Trả lời: 12")),
    paragraph(
      run("Câu 28. ", { bold: true }),
      run("Tìm "),
      math(r("x")),
      run(" biết "),
      math(omml.f(r("2x+3"), r("2")), r("=0")),
      run("."),
    ),
    paragraph(run("Câu 29. ", { bold: true }), run("Tính "), math(omml.rad(r("49"))), run(".")),
    paragraph(run("Hướng dẫn giải: ", { bold: true }), math(omml.sSup(r("7"), r("2")), r("=49"))),
    paragraph(run("Đáp số: 7")),
    paragraph(
      run("Câu 30. ", { bold: true }),
      run("Giá trị gần đúng của "),
      math(r("π")),
      run(" (làm tròn đến hàng phần trăm) là"),
    ),
    paragraph(run("Đáp án: 3,14 (sai số 0,01)")),
    paragraph(run("Câu 31. ", { bold: true }), run("Có bao nhiêu cách xếp 5 bạn vào 5 ghế rồi chia cho 6?")),

    paragraph(run("BẢNG ĐÁP ÁN", { bold: true })),
    table([
      ["Câu", "Đáp án", "Câu", "Đáp án"],
      ["5", "C", "11", "A"],
      ["12", "B", "17", "A"],
      ["20", "Đ S Đ S", "21", "a) Đ b) S c) S d) Đ"],
      ["28", "-1,5", "31", "20"],
    ]),
  ];
  return body;
}

/** The acceptance .docx (31 items, one of them broken); see {@link ACCEPTANCE_EXPECTED}. */
export function buildAcceptanceDocx(): Promise<Buffer> {
  return buildDocx({
    body: acceptanceBody(),
    media: [{ relationshipId: "rIdImage6", fileName: ACCEPTANCE_IMAGE_FILE, data: PNG_PIXELS }],
  });
}

/**
 * The acceptance file made larger than what the web process reads itself (> 2 MB): an unreferenced, incompressible
 * attachment pads it, so the same 31 items go through the worker.
 */
export function buildPaddedAcceptanceDocx(paddingBytes = 3 * 1024 * 1024): Promise<Buffer> {
  return buildDocx({
    body: acceptanceBody(),
    media: [
      { relationshipId: "rIdImage6", fileName: ACCEPTANCE_IMAGE_FILE, data: PNG_PIXELS },
      { relationshipId: "rIdPadding", fileName: "dem.bin", data: randomBytes(paddingBytes) },
    ],
  });
}

/**
 * A large file for timing: `count` items cycling through single choice (with an equation and, every
 * tenth item, an image), true/false and short answer, with an answer table.
 */
export function buildLargeDocx(count: number): Promise<Buffer> {
  const body: string[] = [];
  const key: string[][] = [["Câu", "Đáp án"]];
  for (let number = 1; number <= count; number++) {
    const kind = number % 3;
    body.push(
      paragraph(
        run(`Câu ${number}. `, { bold: true }),
        run("Cho biểu thức "),
        math(omml.f(omml.sSup(r("x"), r("2")), r("2")), r("+"), omml.rad(r("x+1"))),
        run(". Chọn đáp án đúng."),
      ),
    );
    if (number % 10 === 0) body.push(paragraph(imageRun("rIdImage", { widthPx: 80, heightPx: 60 })));
    if (kind === 1) {
      for (const letter of "ABCD")
        body.push(
          paragraph(
            ...option(letter, [math(omml.f(r(String(number)), r(letter === "A" ? "2" : "3")))], letter === "A" ? underline : {}),
          ),
        );
    } else if (kind === 2) {
      for (const letter of "abcd")
        body.push(paragraph(...statement(letter, `Mệnh đề ${letter} của câu ${number}.`, letter === "a" ? underline : {})));
    } else {
      key.push([String(number), `${number},5`]);
    }
    body.push(paragraph(run("Lời giải: ", { bold: true }), run("Ta có "), math(r("x="), omml.f(r("1"), r("2")))));
  }
  body.push(paragraph(run("BẢNG ĐÁP ÁN", { bold: true })), table(key));
  return buildDocx({ body, media: [{ relationshipId: "rIdImage", fileName: "image.png", data: PNG_PIXELS }] });
}

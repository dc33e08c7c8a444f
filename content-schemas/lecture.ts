import { z } from "zod";
import { objectIdSchema } from "./common";

/**
 * The body of a lecture (bài giảng điện tử): the tiptap/ProseMirror JSON document the lecture
 * editor produces (app/components/lecture-editor.tsx) and the server renders
 * (app/domain/materials/lecture-html.server.ts). This file is the single contract between them:
 * only the node types, marks and attributes below are stored; anything else is rejected, and
 * unknown attributes are dropped.
 */

/** Limits of a lecture body, shared by the schema, the editor and the renderer. */
export const LECTURE_LIMITS = {
  /** Serialized JSON of the whole document, in bytes (UTF-8). */
  maxJsonBytes: 500_000,
  /** Nesting depth of nodes (lists in lists in tables …); far above what a lecture needs. */
  maxDepth: 40,
  maxLatexLength: 2_000,
  maxUrlLength: 2_000,
  maxAltLength: 500,
  maxTitleLength: 300,
} as const;

const TOO_LARGE = `Bài giảng quá lớn (tối đa ${LECTURE_LIMITS.maxJsonBytes / 1000} kB). Hãy chia thành nhiều bài giảng hoặc bớt nội dung.`;

export const HEADING_LEVELS = [2, 3, 4] as const;

// Characters that never belong in an address as stored: spaces and control characters (browsers
// strip tab and newline before reading the scheme, which is how `java\tscript:` gets through),
// backslashes (`/\host` is read as `//host`) and quotes or angle brackets (percent-encoded in a real URL).
// eslint-disable-next-line no-control-regex
const UNSAFE_URL_CHARS = /[\u0000-\u0020\u007f-\u009f\\"<>`]/;

function isParsableUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `href` may be the target of a link in a lecture: an absolute http(s) address, a
 * mailto: address, or a same-site path starting with a single `/`. Never javascript:, data: or a
 * protocol-relative `//host` address.
 */
export function isSafeLinkHref(href: string): boolean {
  if (href.length === 0 || href.length > LECTURE_LIMITS.maxUrlLength || UNSAFE_URL_CHARS.test(href)) return false;
  if (href.startsWith("/")) return !href.startsWith("//");
  if (/^mailto:[^/]/i.test(href)) return true;
  return /^https?:\/\/[^/]/i.test(href) && isParsableUrl(href);
}

/**
 * Whether `src` may be the address of an image in a lecture: a file of this site under `/media/`
 * or an https address. No data:, blob: or http: images.
 */
export function isSafeImageSrc(src: string): boolean {
  if (src.length === 0 || src.length > LECTURE_LIMITS.maxUrlLength || UNSAFE_URL_CHARS.test(src)) return false;
  if (src.startsWith("/media/")) return !src.includes("..");
  return /^https:\/\/[^/]/i.test(src) && isParsableUrl(src);
}

const latexSchema = z
  .string({ error: "Thiếu công thức." })
  .trim()
  .min(1, "Công thức đang trống.")
  .max(LECTURE_LIMITS.maxLatexLength, `Công thức dài quá ${LECTURE_LIMITS.maxLatexLength} ký tự.`);

const optionalText = (max: number, message: string) => z.string().max(max, message).nullable().optional();

// ---- Marks ---------------------------------------------------------------------------------

const linkMarkSchema = z.object({
  type: z.literal("link"),
  attrs: z.object({
    href: z
      .string({ error: "Liên kết thiếu địa chỉ." })
      .refine(isSafeLinkHref, "Liên kết chỉ được dùng địa chỉ http://, https://, mailto: hoặc đường dẫn bắt đầu bằng /."),
    // The editor stores these; the renderer always writes its own target and rel.
    target: optionalText(20, "Thuộc tính liên kết không hợp lệ."),
    rel: optionalText(100, "Thuộc tính liên kết không hợp lệ."),
    class: optionalText(100, "Thuộc tính liên kết không hợp lệ."),
    title: optionalText(LECTURE_LIMITS.maxTitleLength, "Tiêu đề liên kết quá dài."),
  }),
});

export const lectureMarkSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("bold") }),
    z.object({ type: z.literal("italic") }),
    z.object({ type: z.literal("underline") }),
    z.object({ type: z.literal("strike") }),
    z.object({ type: z.literal("code") }),
    linkMarkSchema,
  ],
  { error: "Định dạng chữ không được hỗ trợ." },
);
export type LectureMark = z.infer<typeof lectureMarkSchema>;

const marksSchema = z.array(lectureMarkSchema).max(10, "Quá nhiều định dạng trên một đoạn chữ.").optional();

// ---- Inline nodes --------------------------------------------------------------------------

const textNodeSchema = z.object({
  type: z.literal("text"),
  text: z.string({ error: "Đoạn chữ không hợp lệ." }).min(1, "Đoạn chữ rỗng."),
  marks: marksSchema,
});

const hardBreakSchema = z.object({ type: z.literal("hardBreak"), marks: marksSchema });

const inlineMathSchema = z.object({
  type: z.literal("inlineMath"),
  attrs: z.object({ latex: latexSchema }),
  marks: marksSchema,
});

export const lectureInlineNodeSchema = z
  .discriminatedUnion("type", [textNodeSchema, hardBreakSchema, inlineMathSchema], {
    error: "Loại nội dung trong dòng không được hỗ trợ.",
  })
  .meta({ id: "LectureInlineNode", description: "Chữ, xuống dòng hoặc công thức trong dòng." });
export type LectureInlineNode = z.infer<typeof lectureInlineNodeSchema>;

const inlineContent = z.array(lectureInlineNodeSchema).optional();

// ---- Block nodes ---------------------------------------------------------------------------

const paragraphSchema = z.object({ type: z.literal("paragraph"), content: inlineContent });

const headingSchema = z.object({
  type: z.literal("heading"),
  attrs: z.object({
    level: z.literal(HEADING_LEVELS, { error: "Tiêu đề chỉ có cấp 2, 3 hoặc 4." }),
  }),
  content: inlineContent,
});

const codeBlockSchema = z.object({
  type: z.literal("codeBlock"),
  attrs: z
    .object({
      language: z
        .string()
        .regex(/^[A-Za-z0-9_+#.-]{1,32}$/, "Tên ngôn ngữ lập trình không hợp lệ.")
        .nullable()
        .optional(),
    })
    .optional(),
  // Code blocks hold plain text only: no marks, no line-break nodes, no formulas.
  content: z.array(z.object({ type: z.literal("text"), text: z.string().min(1, "Đoạn chữ rỗng.") })).optional(),
});

const horizontalRuleSchema = z.object({ type: z.literal("horizontalRule") });

const dimension = z.number().int().min(1).max(10_000).nullable().optional();

const imageSchema = z.object({
  type: z.literal("image"),
  attrs: z.object({
    src: z
      .string({ error: "Hình ảnh thiếu địa chỉ." })
      .refine(isSafeImageSrc, "Hình ảnh phải là tệp đã tải lên (/media/…) hoặc địa chỉ https://."),
    alt: optionalText(LECTURE_LIMITS.maxAltLength, "Mô tả hình ảnh quá dài."),
    title: optionalText(LECTURE_LIMITS.maxTitleLength, "Tiêu đề hình ảnh quá dài."),
    width: dimension,
    height: dimension,
  }),
});

const blockMathSchema = z.object({ type: z.literal("blockMath"), attrs: z.object({ latex: latexSchema }) });

const materialEmbedSchema = z.object({
  type: z.literal("materialEmbed"),
  attrs: z.object({
    materialId: objectIdSchema.meta({ description: "Học liệu được nhúng (video, H5P …)." }),
    title: optionalText(LECTURE_LIMITS.maxTitleLength, "Tiêu đề học liệu nhúng quá dài."),
  }),
});

export type LectureParagraph = z.infer<typeof paragraphSchema>;
export type LectureHeading = z.infer<typeof headingSchema>;
export type LectureCodeBlock = z.infer<typeof codeBlockSchema>;
export type LectureHorizontalRule = z.infer<typeof horizontalRuleSchema>;
export type LectureImage = z.infer<typeof imageSchema>;
export type LectureBlockMath = z.infer<typeof blockMathSchema>;
export type LectureMaterialEmbed = z.infer<typeof materialEmbedSchema>;

// Recursive nodes. Their TypeScript types are written out because inference stops at z.lazy.
export interface LectureBlockquote {
  type: "blockquote";
  content: LectureBlockNode[];
}
export interface LectureListItem {
  type: "listItem";
  content: LectureBlockNode[];
}
export interface LectureBulletList {
  type: "bulletList";
  content: LectureListItem[];
}
export interface LectureOrderedList {
  type: "orderedList";
  attrs?: { start?: number; type?: "1" | "a" | "A" | "i" | "I" | null };
  content: LectureListItem[];
}
export interface LectureTableCellAttrs {
  colspan?: number;
  rowspan?: number;
  colwidth?: number[] | null;
  align?: "left" | "center" | "right" | null;
}
export interface LectureTableCell {
  type: "tableCell" | "tableHeader";
  attrs?: LectureTableCellAttrs;
  content: LectureBlockNode[];
}
export interface LectureTableRow {
  type: "tableRow";
  content: LectureTableCell[];
}
export interface LectureTable {
  type: "table";
  content: LectureTableRow[];
}

export type LectureBlockNode =
  | LectureParagraph
  | LectureHeading
  | LectureCodeBlock
  | LectureHorizontalRule
  | LectureImage
  | LectureBlockMath
  | LectureMaterialEmbed
  | LectureBlockquote
  | LectureBulletList
  | LectureOrderedList
  | LectureTable;

const blocks = z.lazy(() => z.array(lectureBlockNodeSchema).min(1, "Khối nội dung không được rỗng."));

const listItemSchema: z.ZodType<LectureListItem> = z.object({
  type: z.literal("listItem", { error: "Danh sách chỉ chứa các mục danh sách." }),
  content: blocks.refine((content) => content[0]?.type === "paragraph", "Mỗi mục danh sách phải bắt đầu bằng một đoạn văn."),
});

const listItems = z.array(listItemSchema).min(1, "Danh sách không được rỗng.");

const cellSchema: z.ZodType<LectureTableCell> = z.object({
  type: z.enum(["tableCell", "tableHeader"], { error: "Hàng của bảng chỉ chứa các ô." }),
  attrs: z
    .object({
      colspan: z.number().int().min(1).max(100).optional(),
      rowspan: z.number().int().min(1).max(1000).optional(),
      colwidth: z.array(z.number().int().min(0).max(10_000)).max(100).nullable().optional(),
      align: z.enum(["left", "center", "right"]).nullable().optional(),
    })
    .optional(),
  content: blocks,
});

const tableSchema = z.object({
  type: z.literal("table"),
  content: z
    .array(
      z.object({
        type: z.literal("tableRow", { error: "Bảng chỉ chứa các hàng." }),
        content: z.array(cellSchema).min(1, "Hàng của bảng không được rỗng.").max(100, "Bảng có quá nhiều cột."),
      }),
    )
    .min(1, "Bảng không được rỗng.")
    .max(1_000, "Bảng có quá nhiều hàng."),
});

export const lectureBlockNodeSchema: z.ZodType<LectureBlockNode> = z
  .discriminatedUnion(
    "type",
    [
      paragraphSchema,
      headingSchema,
      codeBlockSchema,
      horizontalRuleSchema,
      imageSchema,
      blockMathSchema,
      materialEmbedSchema,
      z.object({ type: z.literal("blockquote"), content: blocks }),
      z.object({ type: z.literal("bulletList"), content: listItems }),
      z.object({
        type: z.literal("orderedList"),
        attrs: z
          .object({
            start: z.number().int().min(0).max(1_000_000).optional(),
            type: z.enum(["1", "a", "A", "i", "I"]).nullable().optional(),
          })
          .optional(),
        content: listItems,
      }),
      tableSchema,
    ],
    { error: "Loại nội dung không được hỗ trợ." },
  )
  .meta({
    id: "LectureBlockNode",
    description:
      "Một khối của bài giảng: đoạn văn, tiêu đề, danh sách, trích dẫn, bảng, khối mã, hình ảnh, công thức hoặc học liệu nhúng.",
  });

/**
 * Why a value cannot be a lecture body before the recursive schema even looks at it: too deeply
 * nested or too large. Walks the value without recursion, so hostile nesting cannot overflow the stack.
 */
function checkSize(value: unknown): string | null {
  // A node sits two JSON levels below its parent (node → content array → node), and its marks and
  // attributes add up to three more levels.
  const maxJsonDepth = LECTURE_LIMITS.maxDepth * 2 + 4;
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > maxJsonDepth) return "Nội dung lồng nhau quá nhiều cấp.";
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return "Nội dung bài giảng không đọc được.";
  }
  if (json === undefined) return "Nội dung bài giảng không đọc được.";
  if (new TextEncoder().encode(json).length > LECTURE_LIMITS.maxJsonBytes) return TOO_LARGE;
  return null;
}

const lectureDocObjectSchema = z.object({
  type: z.literal("doc", { error: "Nội dung bài giảng không đúng định dạng." }),
  content: z.array(lectureBlockNodeSchema).min(1, "Bài giảng chưa có nội dung."),
});

/**
 * A lecture body. The size and depth limits are checked before the recursive node schema runs,
 * so a hostile document cannot make validation itself expensive.
 */
export const lectureDocSchema = z
  .preprocess((value, context) => {
    const problem = checkSize(value);
    if (problem) context.addIssue({ code: "custom", message: problem, input: value });
    return value;
  }, lectureDocObjectSchema)
  .meta({
    id: "LectureDoc",
    description: `Nội dung bài giảng: tài liệu JSON của trình soạn thảo tiptap/ProseMirror (type "doc"). Chỉ chấp nhận các loại nút và định dạng liệt kê ở đây; JSON tối đa ${LECTURE_LIMITS.maxJsonBytes / 1000} kB, công thức LaTeX tối đa ${LECTURE_LIMITS.maxLatexLength} ký tự.`,
  });

export type LectureDoc = z.infer<typeof lectureDocSchema>;

/** A new lecture: one empty paragraph, as the editor creates it. */
export const emptyLectureDoc: LectureDoc = { type: "doc", content: [{ type: "paragraph" }] };

/** "(khối thứ 3)": where in the lecture the first problem is, counted as the author sees it. */
function describePath(path: readonly PropertyKey[]): string {
  const index = path[0] === "content" ? path[1] : undefined;
  return typeof index === "number" ? ` (khối thứ ${index + 1})` : "";
}

/**
 * Reads a lecture body posted by a form (the editor's hidden input) and validates it.
 * The message is in Vietnamese and points at the first problem.
 */
export function parseLectureJson(text: string): { ok: true; doc: LectureDoc } | { ok: false; message: string } {
  if (text.length > LECTURE_LIMITS.maxJsonBytes) return { ok: false, message: TOO_LARGE };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: "Nội dung bài giảng không đọc được. Hãy tải lại trang và thử lại." };
  }
  // Issues without a message of their own (wrong types) get a generic Vietnamese one.
  const result = lectureDocSchema.safeParse(value, { error: () => "Nội dung bài giảng có phần không hợp lệ." });
  if (result.success) return { ok: true, doc: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    message: `${issue?.message ?? "Nội dung bài giảng không hợp lệ."}${issue ? describePath(issue.path) : ""}`,
  };
}

type TextNode = { text?: string; attrs?: Record<string, unknown>; content?: TextNode[] };

/**
 * The words of a rich-text document (a lecture, a question's stem) and the LaTeX of its formulas,
 * which teachers search too ("sqrt", "Delta"); whitespace collapsed, cut at `limit` characters.
 */
export function richTextPlainText(doc: unknown, limit = 20_000): string {
  const parts: string[] = [];
  const visit = (node: TextNode) => {
    if (node.text) parts.push(node.text);
    if (typeof node.attrs?.latex === "string") parts.push(node.attrs.latex);
    node.content?.forEach(visit);
  };
  if (doc && typeof doc === "object") visit(doc as TextNode);
  return parts.join(" ").replace(/\s+/g, " ").trim().slice(0, limit);
}

import { z } from "zod";
import { cognitiveLevelSchema, questionContentSchema } from "./questions";

/**
 * What every question importer (Word .docx, Moodle XML, GIFT, QTI 3.0) returns before anything is
 * stored: each item found in the file with its source text, the parsed content or the reasons it
 * could not be parsed. The teacher sees this side by side and confirms; nothing is imported before.
 */
export const IMPORT_FORMATS = ["docx", "moodle_xml", "gift", "qti"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const importFormatSchema = z.enum(IMPORT_FORMATS).meta({
  id: "QuestionImportFormat",
  description: "docx: Word theo quy ước Câu N/A.–D./a)–d); moodle_xml: Moodle XML; gift: Moodle GIFT; qti: gói QTI 3.0 (.zip).",
});

export const importedQuestionSchema = z
  .object({
    /** 1-based position among the items of the file. */
    index: z.number().int().min(1),
    /** How the file names the item: "Câu 12", a Moodle question name, a QTI identifier. */
    label: z.string(),
    /** The item's original text (plain), shown next to the parsed preview. */
    sourceText: z.string(),
    /** "PHẦN I" … of a Word file, when the file has sections. */
    section: z.string().nullable().default(null),
    /** Category path of Moodle XML / GIFT ($CATEGORY), top first; mapped to topics on import. */
    category: z.array(z.string()).default([]),
    /** Level written in the file ("NB", "TH", "(VD)" …), when there is one. */
    level: cognitiveLevelSchema.nullable().default(null),
    /** The parsed item, or null when it could not be parsed (then `problems` says why). */
    content: questionContentSchema.nullable(),
    /** Vietnamese, one per problem; non-empty means the item is not imported. */
    problems: z.array(z.string()).default([]),
  })
  .meta({ id: "ImportedQuestion" });
export type ImportedQuestion = z.infer<typeof importedQuestionSchema>;
export type ImportedQuestionInput = z.input<typeof importedQuestionSchema>;

export const importParseResultSchema = z
  .object({
    format: importFormatSchema,
    items: z.array(importedQuestionSchema),
    /** Items of a type this project cannot represent (e.g. Moodle "calculated"): listed, never silently dropped. */
    unsupported: z.array(z.object({ label: z.string(), type: z.string(), sourceText: z.string() })).default([]),
    /** Problems of the whole file (e.g. an answer table that names a question that does not exist). */
    warnings: z.array(z.string()).default([]),
  })
  .meta({ id: "QuestionImportParse" });
export type ImportParseResult = z.infer<typeof importParseResultSchema>;

/**
 * Importers hand every embedded image to the caller, which stores it (S3 + upload record) and
 * returns the `src` to put in the rich text (`/media/<uploadId>`).
 */
export type StoreImage = (image: { data: Uint8Array; contentType: string; fileName: string }) => Promise<string>;

/** Exporters get each image's bytes back from its `src`. */
export type LoadImage = (src: string) => Promise<{ data: Uint8Array; contentType: string } | null>;

/** Largest question file read for import. */
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
/** Files above this size are read by the worker, with progress, so a web request never parses a large file. */
export const READ_IN_WORKER_ABOVE_BYTES = 2 * 1024 * 1024;

/** reading: the worker is reading the file; parsed: waiting for the teacher; imported: confirmed. */
export const IMPORT_STATES = ["reading", "parsed", "imported"] as const;

/** What the teacher chooses when confirming an import: the classification of every imported item. */
export const confirmImportSchema = z.object({
  subject: z.string().regex(/^[A-Z][A-Z0-9_]{1,23}$/, "Hãy chọn môn học."),
  grade: z.coerce.number().int().min(1, "Hãy chọn khối lớp.").max(12, "Hãy chọn khối lớp."),
  topicIds: z
    .array(z.string().regex(/^[a-f0-9]{24}$/))
    .max(10)
    .default([]),
  /** Level of items whose file says none. */
  level: cognitiveLevelSchema,
  /**
   * Topics per category of the file (Moodle XML / GIFT categories, joined with " / "): items of a mapped category are
   * filed under its topic instead of `topicIds`.
   */
  categoryTopics: z.record(z.string().max(500), z.string().regex(/^[a-f0-9]{24}$/)).default({}),
  /** Items to import (1-based indexes); all importable ones when absent. */
  indexes: z.array(z.number().int().min(1)).optional(),
  allowDuplicates: z.boolean().default(false),
});
export type ConfirmImport = z.infer<typeof confirmImportSchema>;

export const importViewSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    status: z.enum(IMPORT_STATES),
    parseMs: z.number(),
    /** Null while the worker reads the file. */
    result: importParseResultSchema.nullable(),
    progress: z.object({ imagesStored: z.number().int() }),
    importedIds: z.array(z.string()),
  })
  .meta({ id: "QuestionImport" });
export type ImportView = z.infer<typeof importViewSchema>;

export const confirmImportResultSchema = z
  .object({
    created: z.array(z.object({ index: z.number().int(), id: z.string() })),
    duplicates: z.array(z.object({ index: z.number().int(), label: z.string(), reason: z.string() })),
    refused: z.array(z.object({ index: z.number().int(), label: z.string(), reason: z.string() })),
  })
  .meta({ id: "QuestionImportConfirmation" });
export type ConfirmImportResult = z.infer<typeof confirmImportResultSchema>;

export const EXPORT_FORMATS = ["docx", "moodle_xml", "gift", "qti"] as const;
export const exportQuestionsQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: "Định dạng xuất không hợp lệ." }),
  ids: z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^[a-f0-9]{24}$/, "Mã câu hỏi không hợp lệ."))
        .min(1, "Chưa chọn câu hỏi nào.")
        .max(500),
    ),
  answers: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
});

/** How a category path is written where the teacher maps it to a topic. */
export const categoryLabel = (category: readonly string[]) => category.join(" / ");

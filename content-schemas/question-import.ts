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

import type { QuestionContent } from "#content-schemas/questions";

/**
 * A question as the interchange exporters (Moodle XML, GIFT, QTI 3.0) take it: its content, the
 * name the file should show (`label`, e.g. "Câu 12" or a Moodle question name) and the category
 * path it belongs to, top first (written as Moodle categories; QTI has no place for it).
 */
export type ExportableQuestion = { label?: string; category?: string[] } & QuestionContent;

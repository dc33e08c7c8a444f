import type { LectureDoc } from "#content-schemas/lecture";
import { renderRichTextHtml } from "~/utils/rich-text-html";

/**
 * The HTML of a lecture for reading: `renderRichTextHtml` (app/utils/rich-text-html.ts), the one
 * renderer of rich text, which the browser also runs for live previews. Validates the body again
 * and throws a ZodError for a body that is not a lecture.
 */
export function renderLectureHtml(doc: LectureDoc): string {
  return renderRichTextHtml(doc);
}

import type { DeliveredItem } from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";

/**
 * The quiz page's form fields and the responses they mean, both ways. The same code reads a plain form post (when
 * JavaScript did not load) on the server and the fields as they change in the browser, so both save the same answer.
 */

export const responseField = (itemKey: string, part?: string) => (part === undefined ? `r.${itemKey}` : `r.${itemKey}.${part}`);

/** An essay's kept photos: one checked box per photo, its value the photo's id (unchecking drops it). */
export const photoField = (itemKey: string) => responseField(itemKey, "photo");
/** New photos of an essay chosen in a plain form post (the page's script sends them through the API instead). */
export const photoFileField = (itemKey: string) => `p.${itemKey}`;

/** Reads the form values of one item (`values(name)` gives every value of a field); null when nothing is answered. */
export function responseFromFields(item: DeliveredItem, values: (name: string) => string[]): QuestionResponse | null {
  const one = (name: string) => values(name)[0]?.trim() ?? "";
  switch (item.type) {
    case "single_choice": {
      const optionId = one(responseField(item.key));
      return optionId ? { type: "single_choice", optionId } : null;
    }
    case "multiple_response": {
      const optionIds = values(responseField(item.key)).filter((id) => item.parts.some((part) => part.id === id));
      return optionIds.length ? { type: "multiple_response", optionIds } : null;
    }
    case "true_false_group": {
      const answers: Record<string, boolean> = {};
      for (const part of item.parts) {
        const value = one(responseField(item.key, part.id));
        if (value === "true" || value === "false") answers[part.id] = value === "true";
      }
      return Object.keys(answers).length ? { type: "true_false_group", answers } : null;
    }
    case "short_answer": {
      const text = one(responseField(item.key));
      return text ? { type: "short_answer", text } : null;
    }
    case "essay": {
      const text = values(responseField(item.key))[0] ?? "";
      const photoUploadIds = item.allowPhoto ? [...new Set(values(photoField(item.key)).filter(Boolean))] : [];
      return text.trim() || photoUploadIds.length ? { type: "essay", text, photoUploadIds } : null;
    }
    case "matching": {
      const pairs: Record<string, string> = {};
      for (const part of item.parts) {
        const match = one(responseField(item.key, part.id));
        if (match) pairs[part.id] = match;
      }
      return Object.keys(pairs).length ? { type: "matching", pairs } : null;
    }
    case "ordering": {
      // Positions keep their place: "" for one not filled yet, none after the last filled one.
      const order = item.parts.map((_, position) => one(responseField(item.key, String(position + 1))));
      const filled = order.findLastIndex(Boolean) + 1;
      return filled ? { type: "ordering", order: order.slice(0, filled) } : null;
    }
    case "cloze": {
      const gaps: Record<string, string> = {};
      for (const gap of item.gaps) {
        const text = one(responseField(item.key, gap));
        if (text) gaps[gap] = text;
      }
      return Object.keys(gaps).length ? { type: "cloze", gaps } : null;
    }
  }
}

/** The response of an item whose answer was cleared (it replaces an earlier one). */
export function emptyResponse(type: DeliveredItem["type"]): QuestionResponse {
  switch (type) {
    case "single_choice":
      return { type, optionId: null };
    case "multiple_response":
      return { type, optionIds: [] };
    case "true_false_group":
      return { type, answers: {} };
    case "short_answer":
      return { type, text: "" };
    case "essay":
      return { type, text: "", photoUploadIds: [] };
    case "matching":
      return { type, pairs: {} };
    case "ordering":
      return { type, order: [] };
    case "cloze":
      return { type, gaps: {} };
  }
}

/** JSON with every object's keys in order: a response read from a form and one read from the database compare alike. */
const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, part: unknown) =>
    part && typeof part === "object" && !Array.isArray(part)
      ? Object.fromEntries(Object.entries(part).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : part,
  );

/** Whether two responses say the same. */
export const sameResponse = (a: QuestionResponse | null | undefined, b: QuestionResponse | null | undefined) =>
  canonical(a) === canonical(b);

/**
 * What the form now says for an item when it differs from `stored`, else null: a plain form post saves only those, and
 * the quiz page's script sends those it finds when it starts (answers given before it ran). Fields the student emptied
 * clear a stored answer.
 */
export function changedResponse(
  item: DeliveredItem,
  values: (name: string) => string[],
  stored: QuestionResponse | undefined,
): QuestionResponse | null {
  const response = responseFromFields(item, values) ?? (stored ? emptyResponse(item.type) : null);
  return response && !sameResponse(response, stored) ? response : null;
}

/** The form values that show a response (to put back answers kept in the browser after a reload). */
export function fieldsFromResponse(item: DeliveredItem, response: QuestionResponse): Record<string, string[]> {
  switch (response.type) {
    case "single_choice":
      return { [responseField(item.key)]: response.optionId ? [response.optionId] : [] };
    case "multiple_response":
      return { [responseField(item.key)]: response.optionIds };
    case "true_false_group":
      return Object.fromEntries(
        item.parts.map((part) => [
          responseField(item.key, part.id),
          part.id in response.answers ? [String(response.answers[part.id])] : [],
        ]),
      );
    case "short_answer":
      return { [responseField(item.key)]: [response.text] };
    case "essay":
      return { [responseField(item.key)]: [response.text], [photoField(item.key)]: response.photoUploadIds };
    case "matching":
      return Object.fromEntries(
        item.parts.map((part) => [responseField(item.key, part.id), response.pairs[part.id] ? [response.pairs[part.id]!] : []]),
      );
    case "ordering":
      return Object.fromEntries(
        item.parts.map((_, position) => [
          responseField(item.key, String(position + 1)),
          response.order[position] ? [response.order[position]!] : [],
        ]),
      );
    case "cloze":
      return Object.fromEntries(
        item.gaps.map((gap) => [responseField(item.key, gap), response.gaps[gap] ? [response.gaps[gap]!] : []]),
      );
  }
}

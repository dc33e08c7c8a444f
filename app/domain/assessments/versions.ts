import { SECTION_ORDER } from "#content-schemas/assessments";
import type { QuestionBody, QuestionType } from "#content-schemas/questions";

/**
 * Versions of a test (mã đề 101, 102 …): items grouped in sections by format (PHẦN I, II, III …), shuffled within
 * their section, and options shuffled where both the test and the question allow it. Ordering and matching parts
 * are always shown in an order that is not the answer. Pure code; `random` is injectable so tests are repeatable.
 */

export interface VersionableItem {
  key: string;
  type: QuestionType;
  body: QuestionBody;
}

export interface BuiltVersion {
  code: number;
  itemKeys: string[];
  partOrders: Record<string, string[]>;
}

export interface VersionOptions {
  count: number;
  firstCode: number;
  shuffleItems: boolean;
  shuffleOptions: boolean;
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** A shuffle that is never the original order when there are at least two parts (an ordering item must not show its answer). */
function scrambled(ids: readonly string[], random: () => number): string[] {
  if (ids.length < 2) return [...ids];
  const result = shuffled(ids, random);
  if (result.every((id, index) => id === ids[index])) result.push(result.shift()!);
  return result;
}

/** Items in section order (by format), keeping the test's order inside each section. */
export function inSections<T extends { type: QuestionType }>(items: readonly T[]): T[] {
  return SECTION_ORDER.flatMap((format) => items.filter((item) => item.type === format));
}

function partOrderOf(item: VersionableItem, shuffleOptions: boolean, random: () => number): string[] | null {
  const { body } = item;
  switch (body.type) {
    case "single_choice":
    case "multiple_response": {
      const ids = body.options.map((option) => option.id);
      return shuffleOptions && body.shuffleOptions ? shuffled(ids, random) : null;
    }
    case "ordering":
      return scrambled(
        body.items.map((part) => part.id),
        random,
      );
    case "matching":
      return scrambled(
        body.responses.map((response) => response.id),
        random,
      );
    default:
      return null;
  }
}

export function buildVersions(items: readonly VersionableItem[], options: VersionOptions, random: () => number = Math.random) {
  const sections = SECTION_ORDER.map((format) => items.filter((item) => item.type === format)).filter(
    (section) => section.length,
  );
  return Array.from({ length: options.count }, (_, index): BuiltVersion => {
    const itemKeys = sections.flatMap((section) =>
      (options.shuffleItems ? shuffled(section, random) : section).map((item) => item.key),
    );
    const partOrders: Record<string, string[]> = {};
    for (const item of items) {
      const order = partOrderOf(item, options.shuffleOptions, random);
      if (order) partOrders[item.key] = order;
    }
    return { code: options.firstCode + index, itemKeys, partOrders };
  });
}

// One search box for everything a member of staff may search: the shared repository, the question bank and the
// items harvested from other repositories. Each section is the area's own listing for the words typed, so its
// permission rule, its ranking and its total are exactly those of the area's page (docs/search.md).
import { listExternalItemsQuerySchema } from "#content-schemas/external-items";
import { listQuestionsQuerySchema } from "#content-schemas/questions";
import { GLOBAL_SEARCH_SECTION_SIZE, type GlobalSearchQuery, type GlobalSearchResult } from "#content-schemas/search";
import { repositoryQuerySchema } from "#content-schemas/sharing";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { listExternalItems, mayBrowseExternalItems } from "~/domain/interop/external-items.server";
import { listQuestions } from "~/domain/questions/questions.server";
import { searchRepository } from "./search-repository.server";

/**
 * Whether the person's roles let them read items other people wrote (what is shared with them, or everything).
 * Everyone reads what they wrote themselves; a student's role adds nothing to that, so a student has no shared
 * material or question to search.
 */
function readsOthersItems(actor: Actor, subjectName: "Material" | "Question"): boolean {
  const readRules = (who: Actor) =>
    defineAbilityFor(who)
      .rulesFor("read", subjectName)
      .filter((rule) => !rule.inverted).length;
  return readRules(actor) > readRules({ ...actor, roles: [] });
}

/** Why someone who may not use the search page (a student) is refused. */
export const GLOBAL_SEARCH_FORBIDDEN =
  "Chỉ giáo viên, cán bộ quản lý và chuyên viên tìm được trong kho dùng chung và ngân hàng câu hỏi.";

/**
 * Who gets the search box and the search page: staff, who always have at least the harvested items (the root loader
 * asks on every page, so this is the plain role check rather than the rule comparison the sections use).
 */
export const mayUseGlobalSearch = mayBrowseExternalItems;

/** The query of an area's listing for the first page of what matches `q`. */
const firstPage = (q: string) => ({ q, pageSize: GLOBAL_SEARCH_SECTION_SIZE });

/** An area's first page as a section: its items, its total, and whether search answered it. */
const sectionOf = <Item>({ items, total, degraded }: { items: Item[]; total: number; degraded: boolean }) => ({
  items,
  total,
  degraded,
});

async function materialSection(actor: Actor, q: string): Promise<GlobalSearchResult["materials"]> {
  const page = await searchRepository(actor, repositoryQuerySchema.parse({ ...firstPage(q), sort: "relevance" }));
  return { ...sectionOf(page), highlights: page.highlights };
}

async function questionSection(actor: Actor, q: string): Promise<GlobalSearchResult["questions"]> {
  return sectionOf(await listQuestions(actor, listQuestionsQuerySchema.parse(firstPage(q))));
}

async function externalItemSection(actor: Actor, q: string): Promise<GlobalSearchResult["externalItems"]> {
  const list = await listExternalItems(actor, listExternalItemsQuerySchema.parse(firstPage(q)));
  return list.ok ? sectionOf(list.value) : null;
}

/**
 * The best few matches of `q` in each area the person may use, searched at once; a section is null when the
 * person may not use that area. Each is the first page of the area's own listing (repository by relevance, the
 * bank as it lists for `q`, harvested items), so totals equal what "see all" opens.
 */
export async function globalSearch(actor: Actor, { q }: GlobalSearchQuery): Promise<GlobalSearchResult> {
  const [materials, questions, externalItems] = await Promise.all([
    readsOthersItems(actor, "Material") ? materialSection(actor, q) : null,
    readsOthersItems(actor, "Question") ? questionSection(actor, q) : null,
    externalItemSection(actor, q),
  ]);
  return { q, materials, questions, externalItems };
}

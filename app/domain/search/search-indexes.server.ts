import { ensureSearchIndex } from "~/services/search.server";
import { EXTERNAL_ITEM_SEARCH } from "./external-item-index.server";
import { MATERIAL_SEARCH } from "./material-index.server";
import { QUESTION_SEARCH } from "./question-index.server";

/**
 * Creates every search index with its settings (idempotent). Run when the worker starts, so a fresh installation
 * searches empty indexes instead of reporting search as down until the first item is synced.
 */
export async function ensureSearchIndexes() {
  for (const collection of [MATERIAL_SEARCH, QUESTION_SEARCH, EXTERNAL_ITEM_SEARCH])
    await ensureSearchIndex(collection.name, collection.settings);
}

import { Meilisearch, type Settings } from "meilisearch";
import { getEnv } from "~/config/env.server";
import { nodeHttpTransport } from "./meili-transport.server";

let client: Meilisearch | undefined;

export function getSearchClient(): Meilisearch {
  const env = getEnv();
  client ??= new Meilisearch({
    host: env.MEILI_URL,
    apiKey: env.MEILI_MASTER_KEY,
    timeout: 5_000,
    httpClient: nodeHttpTransport(),
  });
  return client;
}

/** Index names carry a per-deployment (or per-test-run) prefix so that several deployments can share one server. */
export function indexUid(name: string): string {
  return `${getEnv().SEARCH_INDEX_PREFIX}${name}`;
}

/**
 * Meilisearch's language detection misreads Vietnamese without diacritics ("phuong trinh"),
 * so every index declares its text as Vietnamese and every search passes `locales: ["vie"]`.
 * Many Vietnamese syllables have 4 letters, so one typo is allowed from 4 letters on.
 */
export const VIETNAMESE_TEXT_SETTINGS: Settings = {
  localizedAttributes: [{ attributePatterns: ["*"], locales: ["vie"] }],
  typoTolerance: { minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
};

export const SEARCH_LOCALES = ["vie"] as const;

/** Creates the index when missing and applies settings; waits until Meilisearch has applied them. */
export async function ensureSearchIndex(name: string, settings: Settings, primaryKey = "id") {
  const search = getSearchClient();
  const uid = indexUid(name);
  await search.createIndex(uid, { primaryKey }).waitTask({ timeout: 30_000 });
  await search
    .index(uid)
    .updateSettings({ ...VIETNAMESE_TEXT_SETTINGS, ...settings })
    .waitTask({ timeout: 30_000 });
  return search.index(uid);
}

export async function pingSearch(): Promise<void> {
  const health = await getSearchClient().health();
  if (health.status !== "available") throw new Error(`search status ${health.status}`);
}

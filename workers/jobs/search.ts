import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import { syncStaleExternalItems } from "~/domain/search/external-item-index.server";
import { syncMaterialToSearch } from "~/domain/search/material-index.server";
import { syncQuestionToSearch } from "~/domain/search/question-index.server";
import { job } from "./define";

/**
 * Keeps one material's search document in line with the database after any change announced in its outbox.
 * It reads the current state, so retries, duplicates and reordering are harmless; Meilisearch batches the
 * writes of consecutive jobs itself (auto-batching). While search is down the job fails and is retried with backoff.
 */
export const syncMaterialSearchJob = job({
  name: "search.sync-material",
  input: z.object({ materialId: objectIdSchema }).loose(),
  maxRetries: 10,
  async run({ materialId }) {
    await syncMaterialToSearch(materialId);
  },
});

/** The same for one question, after each review step (approval, nomination, archive). */
export const syncQuestionSearchJob = job({
  name: "search.sync-question",
  input: z.object({ questionId: objectIdSchema }).loose(),
  maxRetries: 10,
  async run({ questionId }) {
    await syncQuestionToSearch(questionId);
  },
});

/**
 * Writes the harvested items a harvest marked stale to search, in batches, and clears their marks. The harvest
 * enqueues it when it stored records; it also recurs as the safety net. While search is down it fails, the marks
 * stay, and it is retried with backoff. One at a time: two runs could otherwise write one item's versions out of order.
 */
export const syncExternalItemsSearchJob = job({
  name: "search.sync-external-items",
  input: z.object({}).loose(),
  concurrency: 1,
  maxRetries: 10,
  async run() {
    await syncStaleExternalItems();
  },
});

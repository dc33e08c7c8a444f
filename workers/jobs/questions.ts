import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import { readStoredImport, sweepStaleImports } from "~/domain/questions/import-export.server";
import { job } from "./define";

/** Reads a large question file the web process stored, so that no request parses it (docs/question-bank.md). */
export const readQuestionImportJob = job({
  name: "questions.read-import",
  input: z.object({ importId: objectIdSchema }).loose(),
  // Parsing is CPU work: one at a time per worker keeps a 2-core server responsive.
  concurrency: 1,
  maxRetries: 3,
  async run({ importId }) {
    await readStoredImport(importId);
  },
});

/** Imports never confirmed within a week, with the images they stored. */
export const sweepStaleImportsJob = job({
  name: "questions.sweep-stale-imports",
  input: z.object({}).loose(),
  async run() {
    await sweepStaleImports();
  },
});

import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import { processMaterialFiles, purgeDeletedMaterial } from "~/domain/materials/process-files.server";
import { sweepAbandonedUploads } from "~/domain/materials/uploads.server";
import { job } from "./define";

/** Derived files of a material version: previews, poster frame, thumbnails, extracted H5P. */
export const processMaterialFilesJob = job({
  name: "materials.process-files",
  input: z.object({ materialId: objectIdSchema, version: z.number().int().min(1), uploadId: objectIdSchema }).loose(),
  // LibreOffice and ffmpeg are heavy: two at a time per worker keeps a 2-core server responsive.
  concurrency: 2,
  maxRetries: 4,
  run: processMaterialFiles,
});

export const purgeDeletedMaterialJob = job({
  name: "materials.purge-deleted",
  input: z.object({ materialId: objectIdSchema }).loose(),
  run: purgeDeletedMaterial,
});

/** Uploads started but never finished or used, older than a day, and their stored bytes. */
export const sweepAbandonedUploadsJob = job({
  name: "materials.sweep-abandoned-uploads",
  input: z.object({}).loose(),
  async run() {
    await sweepAbandonedUploads();
  },
});

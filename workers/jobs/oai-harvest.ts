import { z } from "zod";
import { harvestConfiguredSources } from "~/domain/interop/oai-harvest.server";
import { job } from "./define";

/**
 * Harvests the OAI-PMH providers of OAI_HARVEST_SOURCES (recurring; see docs/interoperability.md).
 * Each source is harvested incrementally and independently; if any failed, the job fails after the
 * others are done, so the failure shows on the job status page and the retry (with backoff) only
 * re-asks for what changed since each source's last completed harvest.
 */
export const oaiHarvestJob = job({
  name: "interop.oai-harvest",
  input: z.object({}).loose(),
  concurrency: 1,
  maxRetries: 3,
  async run() {
    const reports = await harvestConfiguredSources();
    const failed = reports.filter((report) => !report.ok);
    if (failed.length > 0) {
      throw new Error(`OAI harvest failed for ${failed.map((report) => `${report.source}: ${report.error}`).join("; ")}`);
    }
  },
});

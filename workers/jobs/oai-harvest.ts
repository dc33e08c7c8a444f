import { z } from "zod";
import { harvestConfiguredSources } from "~/domain/interop/oai-harvest.server";
import { getQueue } from "~/services/jobs.server";
import { job } from "./define";
import { syncExternalItemsSearchJob } from "./search";

/**
 * Harvests the OAI-PMH providers of OAI_HARVEST_SOURCES (recurring; see docs/interoperability.md).
 * Each source is harvested incrementally and independently; what was stored is then synced to search
 * (search.sync-external-items). If any source failed, the job fails after the others are done, so the
 * failure shows on the job status page and the retry (with backoff) only re-asks for what changed since
 * each source's last completed harvest.
 */
export const oaiHarvestJob = job({
  name: "interop.oai-harvest",
  input: z.object({}).loose(),
  concurrency: 1,
  maxRetries: 3,
  async run() {
    const reports = await harvestConfiguredSources();
    // What was stored (also by a source that failed half-way) reaches search now, not at the sync's next round.
    if (reports.some((report) => report.records > 0)) await (await getQueue()).now(syncExternalItemsSearchJob.name, {});
    const failed = reports.filter((report) => !report.ok);
    if (failed.length > 0) {
      throw new Error(`OAI harvest failed for ${failed.map((report) => `${report.source}: ${report.error}`).join("; ")}`);
    }
  },
});

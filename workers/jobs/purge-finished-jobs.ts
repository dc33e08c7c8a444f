import { z } from "zod";
import { connectDatabase } from "~/services/db.server";
import { JOBS_COLLECTION } from "~/services/jobs.server";
import { job } from "./define";

export const FINISHED_JOB_RETENTION_DAYS = 14;

/**
 * Keeps the job collection small: one-off jobs that finished (or gave up retrying) more than
 * two weeks ago are removed; until then they stay visible on the admin job status page.
 */
export const purgeFinishedJobs = job({
  name: "maintenance.purge-finished-jobs",
  input: z.object({}).loose(),
  async run() {
    const { connection } = await connectDatabase();
    const cutoff = new Date(Date.now() - FINISHED_JOB_RETENTION_DAYS * 24 * 60 * 60_000);
    await connection.collection(JOBS_COLLECTION).deleteMany({ nextRunAt: null, lastFinishedAt: { $lt: cutoff } });
  },
});

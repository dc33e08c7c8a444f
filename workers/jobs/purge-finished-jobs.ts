import { z } from "zod";
import { connectDatabase, deleteInBatches } from "~/services/db.server";
import { JOBS_COLLECTION } from "~/services/jobs.server";
import { job } from "./define";

const DAY_MS = 24 * 60 * 60_000;
/** Jobs that failed stay this long for administrators to look into. */
export const FAILED_JOB_RETENTION_DAYS = 14;
/** Jobs that ran without a failure stay a day: every poll of the queue reads the whole collection on the embedded database. */
export const SUCCEEDED_JOB_RETENTION_DAYS = 1;

/**
 * Keeps the job collection small: one-off jobs that finished without failing go after a day, those that failed
 * (or gave up retrying) after two weeks; until then they stay visible on the admin job status page.
 */
export const purgeFinishedJobs = job({
  name: "maintenance.purge-finished-jobs",
  input: z.object({}).loose(),
  async run() {
    const { connection } = await connectDatabase();
    const jobs = connection.collection(JOBS_COLLECTION);
    const now = Date.now();
    await deleteInBatches(jobs, {
      nextRunAt: null,
      failedAt: null,
      lastFinishedAt: { $lt: new Date(now - SUCCEEDED_JOB_RETENTION_DAYS * DAY_MS) },
    });
    await deleteInBatches(jobs, {
      nextRunAt: null,
      lastFinishedAt: { $lt: new Date(now - FAILED_JOB_RETENTION_DAYS * DAY_MS) },
    });
  },
});

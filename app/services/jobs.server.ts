import { MongoBackend } from "@agendajs/mongo-backend";
import { Agenda, InMemoryNotificationChannel, type JobsOverview, type JobWithState } from "agenda";
import { getEnv } from "~/config/env.server";
import { connectDatabase } from "./db.server";

export const JOBS_COLLECTION = "jobs";

let queue: Promise<Agenda> | undefined;

/**
 * The MongoDB-backed job queue (Agenda). The web process only enqueues;
 * the worker process defines the handlers and starts processing (workers/main.ts).
 * Change-stream notifications stay off: polling works on every MongoDB-compatible server. Jobs the
 * worker creates itself (the outbox relay's: every job a change in the app starts) begin at once through
 * an in-process channel; the channel connects only where the queue is started. The poll picks up
 * retries and recurring jobs. Each poll asks once per job name, and on the embedded database each ask
 * reads the whole `jobs` collection: polling every second took half a core with the app idle and was
 * the database's largest cost during bench:quiz, so it polls every 5 s.
 */
export function getQueue(): Promise<Agenda> {
  queue ??= connectDatabase().then(({ connection }) => {
    if (!connection.db) throw new Error("database connection has no handle");
    return new Agenda({
      backend: new MongoBackend({ mongo: connection.db, collection: JOBS_COLLECTION }),
      name: `khl-${process.pid}`,
      processEvery: "5 seconds",
      notificationChannel: new InMemoryNotificationChannel(),
      defaultConcurrency: getEnv().WORKER_CONCURRENCY,
      maxConcurrency: getEnv().WORKER_CONCURRENCY * 4,
      defaultLockLifetime: 10 * 60_000,
    });
  });
  return queue;
}

export interface JobStatusRow {
  id: string;
  name: string;
  state: JobWithState["state"];
  failCount: number;
  failReason?: string;
  lastRunAt?: Date;
  lastFinishedAt?: Date;
  nextRunAt?: Date;
}

/** What administrators see on the job status page and API. */
export async function jobStatus(options: { state?: JobWithState["state"]; limit?: number } = {}) {
  const agenda = await getQueue();
  const [overview, recent] = await Promise.all([
    agenda.getJobsOverview(),
    agenda.queryJobs({ state: options.state, limit: options.limit ?? 50, sort: { lastRunAt: "desc", nextRunAt: "desc" } }),
  ]);
  const rows: JobStatusRow[] = recent.jobs.map((job) => ({
    id: String(job._id),
    name: job.name,
    state: job.state,
    failCount: job.failCount ?? 0,
    failReason: job.failReason ?? undefined,
    lastRunAt: job.lastRunAt ?? undefined,
    lastFinishedAt: job.lastFinishedAt ?? undefined,
    nextRunAt: job.nextRunAt ?? undefined,
  }));
  return { overview: overview satisfies JobsOverview[], jobs: rows, total: recent.total };
}

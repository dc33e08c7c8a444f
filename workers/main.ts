// Entry point of the worker process: background jobs and the outbox relay.
import { rekeyAccessTokens } from "~/auth/access-tokens.server";
import { describeEnv, getEnv } from "~/config/env.server";
import { ensureSearchIndexes } from "~/domain/search/search-indexes.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { getQueue } from "~/services/jobs.server";
import { registerJobs } from "./jobs/define";
import { startOutboxRelay } from "./outbox-relay";
import { JOB_DEFINITIONS, OUTBOX_SOURCES, OUTBOX_SUBSCRIPTIONS, RECURRING_JOBS } from "./registry";

const log = (message: string, extra?: unknown) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), process: "worker", message, ...(extra ? { extra } : {}) }));

const env = getEnv();
log("starting", describeEnv(env));
await connectDatabase();
const rekeyedTokens = await rekeyAccessTokens();
if (rekeyedTokens > 0) log("access tokens keyed by their hash", { count: rekeyedTokens });
// Search may be down at start: the sync jobs create the indexes later, retrying.
await ensureSearchIndexes().catch((error: unknown) => log("search indexes not ready", { error: String(error) }));
const queue = await getQueue();
registerJobs(queue, JOB_DEFINITIONS);
queue.on("fail", (error: Error, job: { attrs: { name: string; failCount?: number } }) =>
  log("job failed", { job: job.attrs.name, attempt: job.attrs.failCount, error: error.message }),
);
await queue.start();
for (const [name, interval] of Object.entries(RECURRING_JOBS)) {
  await queue.every(interval, name, {}, { skipImmediate: true });
}
const stopRelay = startOutboxRelay({
  queue,
  sources: OUTBOX_SOURCES,
  subscriptions: OUTBOX_SUBSCRIPTIONS,
  onError: (error) => log("outbox relay pass failed", { error: String(error) }),
});
log("ready", { jobs: JOB_DEFINITIONS.map((definition) => definition.name) });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log("stopping", { signal });
  await stopRelay();
  // Running jobs get 20 s to finish; unfinished ones are unlocked and retried by the next worker.
  await queue.drain({ timeout: 20_000 }).catch(() => queue.stop());
  await disconnectDatabase();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

import type { z } from "zod";
import type { OutboxModel } from "#models/outbox";
import type { JobDefinition } from "./jobs/define";
import { purgeFinishedJobs } from "./jobs/purge-finished-jobs";
import type { OutboxSubscriptions } from "./outbox-relay";

/** Every background job the worker process runs. */
export const JOB_DEFINITIONS = [purgeFinishedJobs] as const satisfies readonly JobDefinition<z.ZodType>[];

/** Recurring jobs: name → interval (human-interval or cron syntax). */
export const RECURRING_JOBS: Readonly<Record<string, string>> = {
  [purgeFinishedJobs.name]: "1 day",
};

/**
 * Models whose documents carry an outbox, and the jobs each event topic starts.
 * Features add their model and topics here when they start announcing changes.
 */
export const OUTBOX_SOURCES: readonly OutboxModel[] = [];
export const OUTBOX_SUBSCRIPTIONS: OutboxSubscriptions = {};

import type { z } from "zod";
import { Material } from "#models/material";
import { Question } from "#models/question";
import { QuestionImport } from "#models/question-import";
import type { OutboxModel } from "#models/outbox";
import { CHANGED_TOPIC, DELETED_TOPIC, FILE_ADDED_TOPIC } from "~/domain/materials/materials.server";
import { REVIEW_TOPIC } from "~/domain/materials/review.server";
import { IMPORT_STORED_TOPIC } from "~/domain/questions/import-export.server";
import { QUESTION_REVIEW_TOPIC } from "~/domain/questions/review.server";
import { finishOverdueAttemptsJob } from "./jobs/assessments";
import type { JobDefinition } from "./jobs/define";
import { processMaterialFilesJob, purgeDeletedMaterialJob, sweepAbandonedUploadsJob } from "./jobs/materials";
import { deliverNotificationsJob } from "./jobs/notifications";
import { oaiHarvestJob } from "./jobs/oai-harvest";
import { purgeFinishedJobs } from "./jobs/purge-finished-jobs";
import { readQuestionImportJob, sweepStaleImportsJob } from "./jobs/questions";
import { syncExternalItemsSearchJob, syncMaterialSearchJob, syncQuestionSearchJob } from "./jobs/search";
import type { OutboxSubscriptions } from "./outbox-relay";

/** Every background job the worker process runs. */
export const JOB_DEFINITIONS = [
  purgeFinishedJobs,
  processMaterialFilesJob,
  purgeDeletedMaterialJob,
  sweepAbandonedUploadsJob,
  oaiHarvestJob,
  deliverNotificationsJob,
  syncMaterialSearchJob,
  syncQuestionSearchJob,
  syncExternalItemsSearchJob,
  readQuestionImportJob,
  sweepStaleImportsJob,
  finishOverdueAttemptsJob,
] as const satisfies readonly JobDefinition<z.ZodType>[];

/** Recurring jobs: name → interval (human-interval or cron syntax). */
export const RECURRING_JOBS: Readonly<Record<string, string>> = {
  [purgeFinishedJobs.name]: "1 hour",
  [sweepAbandonedUploadsJob.name]: "1 hour",
  [sweepStaleImportsJob.name]: "1 day",
  [finishOverdueAttemptsJob.name]: "30 seconds",
  // Incremental: asks each source only for what changed since its last completed harvest.
  [oaiHarvestJob.name]: "6 hours",
  // The harvest enqueues the sync itself; this catches what a crash between the two, or a search outage outlasting
  // the sync's retries, left marked.
  [syncExternalItemsSearchJob.name]: "5 minutes",
};

/**
 * Models whose documents carry an outbox, and the jobs each event topic starts.
 * Features add their model and topics here when they start announcing changes.
 */
export const OUTBOX_SOURCES: readonly OutboxModel[] = [
  Material as unknown as OutboxModel,
  Question as unknown as OutboxModel,
  QuestionImport as unknown as OutboxModel,
];
export const OUTBOX_SUBSCRIPTIONS: OutboxSubscriptions = {
  [FILE_ADDED_TOPIC]: [processMaterialFilesJob.name],
  // Search follows every review step (approval, scope widened, archive), deletion and change of sort figures.
  [DELETED_TOPIC]: [purgeDeletedMaterialJob.name, syncMaterialSearchJob.name],
  [REVIEW_TOPIC]: [deliverNotificationsJob.name, syncMaterialSearchJob.name],
  [CHANGED_TOPIC]: [syncMaterialSearchJob.name],
  [QUESTION_REVIEW_TOPIC]: [deliverNotificationsJob.name, syncQuestionSearchJob.name],
  [IMPORT_STORED_TOPIC]: [readQuestionImportJob.name],
};

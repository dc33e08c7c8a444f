import { backoffStrategies, type Agenda } from "agenda";
import type { z } from "zod";

/**
 * A background task: typed input validated on entry (jobs outlive deploys, so old payloads
 * are checked, not trusted), retried with exponential backoff when it throws.
 */
export interface JobDefinition<TSchema extends z.ZodType> {
  name: string;
  input: TSchema;
  run(input: z.infer<TSchema>): Promise<void>;
  concurrency?: number;
  maxRetries?: number;
}

export function job<TSchema extends z.ZodType>(definition: JobDefinition<TSchema>) {
  return definition;
}

export const DEFAULT_BACKOFF = { delay: 2_000, factor: 3, maxDelay: 15 * 60_000, jitter: 0.2 };

export function registerJobs(queue: Agenda, definitions: readonly JobDefinition<z.ZodType>[]) {
  for (const definition of definitions) {
    queue.define(
      definition.name,
      async (agendaJob) => {
        await definition.run(definition.input.parse(agendaJob.attrs.data));
      },
      {
        concurrency: definition.concurrency,
        backoff: backoffStrategies.exponential({ ...DEFAULT_BACKOFF, maxRetries: definition.maxRetries ?? 5 }),
      },
    );
  }
}

import type { Agenda } from "agenda";
import type { Collection } from "mongodb";
import type { Types } from "mongoose";
import type { OutboxEvent, OutboxModel } from "#models/outbox";

/** Which jobs react to which outbox topic. */
export type OutboxSubscriptions = Readonly<Record<string, readonly string[]>>;

export interface RelayOptions {
  queue: Agenda;
  sources: readonly OutboxModel[];
  subscriptions: OutboxSubscriptions;
  batchSize?: number;
}

/**
 * Moves pending outbox events into the job queue, at least once: each job is created with a
 * unique key (job name + event id), so a relay that dies between enqueueing and removing the
 * event — or two relays racing — never produce a second job. Returns how many events were relayed.
 */
export async function relayOutboxOnce({ queue, sources, subscriptions, batchSize = 100 }: RelayOptions): Promise<number> {
  let relayed = 0;
  for (const model of sources) {
    // The native collection keeps each event exactly as stored: FerretDB 1.24 ignores $pull with a
    // condition ({ _id: … }) and only removes an exactly equal element (docs/mongodb-compatibility.md).
    const collection = model.collection as unknown as Collection<{ _id: Types.ObjectId; outbox: OutboxEvent[] }>;
    const documents = await collection
      .find({ "outbox.0": { $exists: true } }, { projection: { outbox: 1 } })
      .limit(batchSize)
      .toArray();
    for (const document of documents) {
      for (const event of document.outbox) {
        const eventId = String(event._id);
        for (const jobName of subscriptions[event.topic] ?? []) {
          await queue
            .create(jobName, { ...event.payload, eventId })
            .unique({ name: jobName, "data.eventId": eventId }, { insertOnly: true })
            .save();
        }
        await collection.updateOne({ _id: document._id }, { $pull: { outbox: event } });
        relayed += 1;
      }
    }
  }
  return relayed;
}

/** Polls the outbox until stopped; the returned function stops it and waits for the current pass. */
export function startOutboxRelay(options: RelayOptions & { intervalMs?: number; onError?: (error: unknown) => void }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = relayOutboxOnce(options)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 500);
      });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

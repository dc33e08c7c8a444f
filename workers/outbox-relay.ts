import type { Agenda } from "agenda";
import type { Collection } from "mongodb";
import type { Types } from "mongoose";
import { OutboxMark, type OutboxEvent, type OutboxModel } from "#models/outbox";

/** Which jobs react to which outbox topic. */
export type OutboxSubscriptions = Readonly<Record<string, readonly string[]>>;

export interface RelayOptions {
  queue: Agenda;
  sources: readonly OutboxModel[];
  subscriptions: OutboxSubscriptions;
  batchSize?: number;
}

type OutboxCollection = Collection<{ _id: Types.ObjectId; outbox: OutboxEvent[] }>;

// The native collection keeps each event exactly as stored: FerretDB 1.24 ignores $pull with a
// condition ({ _id: … }) and only removes an exactly equal element (docs/mongodb-compatibility.md).
const collectionOf = (model: OutboxModel) => model.collection as unknown as OutboxCollection;

/**
 * Turns each event of the documents into one job per subscriber, at least once: each job is created
 * with a unique key (job name + event id), so a relay that dies between enqueueing and removing the
 * event — or two relays racing — never produce a second job.
 */
async function relayDocuments(
  collection: OutboxCollection,
  documents: readonly { _id: Types.ObjectId; outbox?: OutboxEvent[] }[],
  { queue, subscriptions }: RelayOptions,
): Promise<number> {
  let relayed = 0;
  for (const document of documents) {
    for (const event of document.outbox ?? []) {
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
  return relayed;
}

/**
 * One pass over the outbox marks: the documents they point at are read by `_id` and their events
 * relayed, then the marks are removed. Marks of models this relay does not serve are left alone.
 * Returns how many events were relayed.
 */
export async function relayMarkedOnce(options: RelayOptions): Promise<number> {
  const sources = new Map(options.sources.map((model) => [model.modelName, model]));
  const marks = await OutboxMark.find({ source: { $in: [...sources.keys()] } })
    .sort({ _id: 1 })
    .limit(options.batchSize ?? 100)
    .lean();
  let relayed = 0;
  for (const mark of marks) {
    const model = sources.get(mark.source)!;
    relayed += mark.documentId
      ? await relayDocuments(
          collectionOf(model),
          await collectionOf(model)
            .find({ _id: mark.documentId }, { projection: { outbox: 1 } })
            .toArray(),
          options,
        )
      : await sweepSource(model, options);
  }
  if (marks.length > 0) await OutboxMark.deleteMany({ _id: { $in: marks.map((mark) => mark._id) } });
  return relayed;
}

async function sweepSource(model: OutboxModel, options: RelayOptions): Promise<number> {
  const collection = collectionOf(model);
  const documents = await collection
    .find({ "outbox.0": { $exists: true } }, { projection: { outbox: 1 } })
    .limit(options.batchSize ?? 100)
    .toArray();
  return relayDocuments(collection, documents, options);
}

/**
 * Searches every source for pending events, marked or not: the safety net for marks lost between
 * a change and its mark. Costs a collection scan where the server cannot use the sparse index.
 */
export async function sweepOutboxOnce(options: RelayOptions): Promise<number> {
  let relayed = 0;
  for (const model of options.sources) relayed += await sweepSource(model, options);
  return relayed;
}

/** Marks first, then a sweep: everything pending now is relayed. Returns how many events were relayed. */
export async function relayOutboxOnce(options: RelayOptions): Promise<number> {
  return (await relayMarkedOnce(options)) + (await sweepOutboxOnce(options));
}

/**
 * Relays until stopped: the marks every `intervalMs`, and a full sweep at start and every `sweepEveryMs`, each in its
 * own loop — a sweep reads whole collections (15 s for 20,000 materials on the embedded database), which must not hold
 * up the changes being made meanwhile. The two may meet on a document: job keys keep that from doubling a job. The
 * returned function stops both and waits for their current passes.
 */
export function startOutboxRelay(
  options: RelayOptions & { intervalMs?: number; sweepEveryMs?: number; onError?: (error: unknown) => void },
) {
  const stopMarks = repeatUntilStopped(() => relayMarkedOnce(options), options.intervalMs ?? 200, options.onError);
  const stopSweep = repeatUntilStopped(() => sweepOutboxOnce(options), options.sweepEveryMs ?? 5 * 60_000, options.onError);
  return async () => {
    await Promise.all([stopMarks(), stopSweep()]);
  };
}

/** Runs `pass` now and then `pauseMs` after each pass ends, until the returned function is called. */
function repeatUntilStopped(pass: () => Promise<unknown>, pauseMs: number, onError?: (error: unknown) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = pass()
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pauseMs);
      });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

import type mongoose from "mongoose";
import { Schema, Types, type Model, type UpdateQuery } from "mongoose";
import { defineModel } from "./define";

/**
 * Transactional outbox kept inside the changed document itself: a state change and the
 * event announcing it are written by one atomic update, so no multi-document transaction
 * is needed (portability rule, docs/mongodb-compatibility.md). The worker's relay turns
 * each event into jobs and then pulls it from the document.
 */
export interface OutboxEvent {
  _id: Types.ObjectId;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

const outboxEventSchema = new Schema<OutboxEvent>(
  {
    topic: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true, default: () => new Date() },
  },
  { _id: true, minimize: false },
);

export interface WithOutbox {
  outbox: OutboxEvent[];
}

/**
 * A pointer to a document that has just received outbox events. The relay reads these few marks
 * instead of searching a whole collection for non-empty outboxes, which servers without a usable
 * index (the embedded FerretDB on SQLite reads every document) pay for on every poll. A mark is
 * written after the change, so it can be lost if the process dies in between; the relay's
 * periodic sweep of the collections finds those events (workers/outbox-relay.ts).
 */
export interface OutboxMarkRecord {
  _id: Types.ObjectId;
  /** Model name of the document's collection. */
  source: string;
  /** Null when the update could have touched several documents: the relay then sweeps the source. */
  documentId: Types.ObjectId | null;
  createdAt: Date;
}

const outboxMarkSchema = new Schema<OutboxMarkRecord>(
  {
    source: { type: String, required: true },
    documentId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true, default: () => new Date() },
  },
  { collection: "outbox_marks", versionKey: false },
);

export const OutboxMark = defineModel("OutboxMark", outboxMarkSchema);

async function markOutbox(source: string, documentIds: readonly (Types.ObjectId | null)[]) {
  if (documentIds.length === 0) return;
  try {
    await OutboxMark.insertMany(documentIds.map((documentId) => ({ source, documentId })));
  } catch (error) {
    // The change itself is stored; the sweep relays its events a little later.
    console.warn(`outbox mark not written for ${source}: ${String(error)}`);
  }
}

const pushesOutbox = (update: UpdateQuery<unknown> | null) =>
  Boolean(update && typeof update === "object" && "$push" in update && update.$push && "outbox" in update.$push);

/** The single document a filter names by `_id`, if it does. */
function filteredId(filter: Record<string, unknown>): Types.ObjectId | null {
  const id = filter._id;
  if (id instanceof Types.ObjectId) return id;
  return typeof id === "string" && Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
}

export function outboxPlugin(schema: Schema) {
  schema.add({ outbox: { type: [outboxEventSchema], default: [] } });
  // Sparse on purpose: almost every document has an empty outbox.
  schema.index({ "outbox.createdAt": 1 }, { sparse: true });

  schema.post("save", async function (document: mongoose.Document & WithOutbox) {
    if (document.outbox.length > 0)
      await markOutbox((document.constructor as Model<unknown>).modelName, [document._id as Types.ObjectId]);
  });
  schema.post("insertMany", async function (documents: unknown) {
    const withEvents = (documents as (mongoose.Document & WithOutbox)[]).filter((document) => document.outbox?.length > 0);
    await markOutbox(
      this.modelName,
      withEvents.map((document) => document._id as Types.ObjectId),
    );
  });
  schema.post("findOneAndUpdate", async function (result: unknown) {
    const id = (result as { _id?: Types.ObjectId } | null)?._id;
    if (id && pushesOutbox(this.getUpdate())) await markOutbox(this.model.modelName, [id]);
  });
  schema.post(["updateOne", "updateMany"], async function (result: unknown) {
    if (!(result as { modifiedCount?: number } | null)?.modifiedCount || !pushesOutbox(this.getUpdate())) return;
    const id = (this as unknown as { op: string }).op === "updateOne" ? filteredId(this.getFilter()) : null;
    await markOutbox(this.model.modelName, [id]);
  });
}

/** Builds an event for `$push: { outbox: … }` in the same update as the change it announces. */
export function outboxEvent(topic: string, payload: Record<string, unknown>): OutboxEvent {
  return { _id: new Types.ObjectId(), topic, payload, createdAt: new Date() };
}

export type OutboxModel = Model<WithOutbox>;

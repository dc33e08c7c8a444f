import { Schema, Types, type Model } from "mongoose";

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

export function outboxPlugin(schema: Schema) {
  schema.add({ outbox: { type: [outboxEventSchema], default: [] } });
  // Sparse on purpose: almost every document has an empty outbox.
  schema.index({ "outbox.createdAt": 1 }, { sparse: true });
}

/** Builds an event for `$push: { outbox: … }` in the same update as the change it announces. */
export function outboxEvent(topic: string, payload: Record<string, unknown>): OutboxEvent {
  return { _id: new Types.ObjectId(), topic, payload, createdAt: new Date() };
}

export type OutboxModel = Model<WithOutbox>;

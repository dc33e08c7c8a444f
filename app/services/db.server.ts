import type { Collection, Document, Filter } from "mongodb";
import mongoose from "mongoose";
import { getEnv } from "~/config/env.server";

let connecting: Promise<typeof mongoose> | undefined;

/**
 * Opens the process-wide mongoose connection once. The driver reconnects by itself
 * after the database restarts, so callers never reconnect by hand.
 */
export function connectDatabase(uri = getEnv().MONGODB_URI): Promise<typeof mongoose> {
  connecting ??= mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000, maxPoolSize: 20 }).catch((error: unknown) => {
    connecting = undefined;
    throw error;
  });
  return connecting;
}

export async function disconnectDatabase() {
  connecting = undefined;
  await mongoose.disconnect();
}

export async function pingDatabase(): Promise<void> {
  const { connection } = await connectDatabase();
  if (!connection.db) throw new Error("database connection has no handle");
  await connection.db.command({ ping: 1 });
}

/** Ids per delete: FerretDB's SQLite backend deletes with one `IN (…)` list, which SQLite caps at 32,766 ids. */
const DELETE_BATCH = 1_000;

/**
 * Deletes every document matching `filter`, a bounded batch at a time (docs/mongodb-compatibility.md › Deleting many
 * documents at once); returns how many went.
 */
export async function deleteInBatches(collection: Pick<Collection, "find" | "deleteMany">, filter: Filter<Document>) {
  let deleted = 0;
  for (;;) {
    const ids = (
      await collection
        .find(filter, { projection: { _id: 1 } })
        .limit(DELETE_BATCH)
        .toArray()
    ).map((document) => document._id);
    if (ids.length === 0) return deleted;
    deleted += (await collection.deleteMany({ _id: { $in: ids } })).deletedCount;
  }
}

/**
 * The database refused a write because a unique key (`_id` or a unique index) is already taken; for a bulk write
 * (`insertMany` with `ordered: false`), every document it refused was refused for that.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const refusals = writeErrors === undefined ? [] : ([] as unknown[]).concat(writeErrors);
  if (refusals.length > 0) return refusals.every((refusal) => isDuplicateKeyError(refusal));
  return (error as { code?: number } | null)?.code === 11000;
}

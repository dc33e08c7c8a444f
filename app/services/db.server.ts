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

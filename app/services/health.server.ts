import { getEnv } from "~/config/env.server";
import { APP_VERSION } from "~/config/version.server";
import type { Health, ServiceState } from "#content-schemas/health";
import { pingDatabase } from "./db.server";
import { pingSearch } from "./search.server";
import { pingStorage } from "./storage.server";

async function probe(check: () => Promise<void>, timeoutMs: number): Promise<ServiceState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return "up";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

/** Checks the three backing services in parallel, each bounded by HEALTH_TIMEOUT_MS. */
export async function checkHealth(): Promise<Health> {
  const timeoutMs = getEnv().HEALTH_TIMEOUT_MS;
  const [database, search, storage] = await Promise.all([
    probe(pingDatabase, timeoutMs),
    probe(pingSearch, timeoutMs),
    probe(pingStorage, timeoutMs),
  ]);
  const ok = database === "up" && search === "up" && storage === "up";
  return { status: ok ? "ok" : "degraded", database, search, storage, version: APP_VERSION };
}

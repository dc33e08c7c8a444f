import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServices } from "../../scripts/services/supervisor";
import { stopProcess } from "../../scripts/services/processes";
import type * as HealthModule from "~/services/health.server";
import { startIsolatedServices, type IsolatedServices } from "../support/services";

// This file stops services on purpose, so it runs against its own private set.
let services: IsolatedServices;
let checkHealth: typeof HealthModule.checkHealth;

beforeAll(async () => {
  services = await startIsolatedServices("health");
  Object.assign(process.env, services.env, { HEALTH_TIMEOUT_MS: "1500" });
  ({ checkHealth } = await import("~/services/health.server"));
  const { ensureBucket } = await import("~/services/storage.server");
  await ensureBucket();
});

afterAll(async () => {
  const { disconnectDatabase } = await import("~/services/db.server");
  await disconnectDatabase();
  await services.stop();
});

function portsOf(env: Record<string, string>) {
  return {
    database: Number(new URL(env.MONGODB_URI ?? "").port),
    search: Number(new URL(env.MEILI_URL ?? "").port),
    storage: Number(new URL(env.S3_ENDPOINT ?? "").port),
  };
}

describe("health of the backing services", () => {
  it("reports every service up", async () => {
    expect(await checkHealth()).toMatchObject({ status: "ok", database: "up", search: "up", storage: "up" });
  });

  it.each(["database", "search", "storage"] as const)(
    "names %s when it stops, and recovers when the supervisor restarts it",
    async (service) => {
      await stopProcess(services.dataDir, service);
      const degraded = await checkHealth();
      expect(degraded.status).toBe("degraded");
      expect(degraded[service]).toBe("down");
      for (const other of (["database", "search", "storage"] as const).filter((name) => name !== service)) {
        expect(degraded[other]).toBe("up");
      }

      await startServices({ dataDir: services.dataDir, ports: portsOf(services.env), configured: {}, log: () => undefined });
      await expect.poll(async () => (await checkHealth()).status, { timeout: 20_000, interval: 500 }).toBe("ok");
    },
  );
});

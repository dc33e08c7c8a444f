import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { defaultDataDir } from "../../scripts/services/paths";
import { freePort, PortTakenError } from "../../scripts/services/processes";
import { loadSecrets, startServices, stopServices, type ServicesEnv } from "../../scripts/services/supervisor";

export interface IsolatedServices {
  dataDir: string;
  env: ServicesEnv;
  stop(): Promise<void>;
}

/**
 * Starts a private set of the real services (FerretDB or mongod, Meilisearch, MinIO) on free
 * ports with their own data folder, so test runs never touch `npm run up` data or each other.
 */
export async function startIsolatedServices(label: string): Promise<IsolatedServices> {
  // A free port is only known free until someone takes it: test files start their services side by side, and two of
  // them can be handed the same port. Another set of ports is tried then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePorts(label);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

async function startOnFreePorts(label: string): Promise<IsolatedServices> {
  const dataDir = path.join(defaultDataDir, "test-runs", `${label}-${Date.now()}-${randomBytes(3).toString("hex")}`);
  const ports = { database: await freePort(), search: await freePort(), storage: await freePort() };
  const stop = async () => {
    await stopServices(dataDir, () => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const env = await startServices({ dataDir, ports, configured: {}, log: () => undefined }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    dataDir,
    env: { ...env, SESSION_SECRET: loadSecrets(dataDir).sessionSecret },
    stop,
  };
}

/** The same server, another database: one per test file keeps files independent. */
export function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${database}`;
  return url.toString();
}

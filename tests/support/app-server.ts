import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildIfStale } from "../../scripts/build";
import { projectRoot } from "../../scripts/services/paths";
import { freePort, waitFor } from "../../scripts/services/processes";
import { startIsolatedServices, type IsolatedServices } from "./services";

export interface RunningApp {
  url: string;
  /** The web server's process (the tsx launcher; the server itself is its child). */
  webPid: number;
  services: IsolatedServices;
  stop(): Promise<void>;
}

const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);

function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

/** The production build, its worker and private services with demo data: what a user gets from `npm run up`. */
export async function startApp(): Promise<RunningApp> {
  const services = await startIsolatedServices("e2e");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...services.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: url,
  };
  buildIfStale(env);
  const seeded = spawnSync(bin("tsx"), ["scripts/seed.ts"], { cwd: projectRoot, env, stdio: "inherit" });
  if (seeded.status !== 0) throw new Error("seeding the e2e database failed");

  const children = [
    spawn(bin("tsx"), ["scripts/serve.ts"], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] }),
    spawn(bin("tsx"), ["workers/main.ts"], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] }),
  ];
  const healthy = await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 60_000, 250);
  if (!healthy) throw new Error(`the app did not become healthy at ${url}`);
  return {
    url,
    webPid: children[0]!.pid!,
    services,
    async stop() {
      await Promise.all(children.map(stopChild));
      await services.stop();
    },
  };
}

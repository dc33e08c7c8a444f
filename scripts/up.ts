// `npm run up`: services → configuration → demo data → build → web + worker, then the URL.
// A second run while everything is up only restarts what has stopped (a dead service, say).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { InvalidConfigurationError, parseEnv } from "~/config/env.server";
import { healthSchema } from "#content-schemas/health";
import { buildIfStale } from "./build";
import { DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_USERS } from "./seed/demo-data";
import { defaultDataDir, projectRoot } from "./services/paths";
import { isPortOpen, removeRecord, SetupError, waitFor, writeRecord } from "./services/processes";
import { loadSecrets, startServices, stopServices } from "./services/supervisor";
import { ensureSystemPackages, MEDIA_TOOL_PACKAGES } from "./services/system-packages";

const dev = process.argv.includes("--dev");
const dataDir = defaultDataDir;
const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);

function loadDotEnv() {
  const file = path.join(projectRoot, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

async function appEnvironment() {
  const servicesEnv = await startServices({ dataDir });
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "127.0.0.1";
  const defaults: Record<string, string> = {
    NODE_ENV: dev ? "development" : "production",
    APP_URL: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    SESSION_SECRET: loadSecrets(dataDir).sessionSecret,
    ...servicesEnv,
  };
  // What the operator configured always wins over generated defaults.
  const env: NodeJS.ProcessEnv = { ...defaults, ...process.env, PORT: port, HOST: host };
  parseEnv(env);
  return env;
}

async function runningApp(appUrl: string) {
  try {
    const response = await fetch(`${appUrl}/healthz`, { signal: AbortSignal.timeout(3_000) });
    return healthSchema.safeParse(await response.json()).data;
  } catch {
    return undefined;
  }
}

function seed(env: NodeJS.ProcessEnv) {
  const result = spawnSync(bin("tsx"), ["scripts/seed.ts"], { cwd: projectRoot, env, stdio: "inherit" });
  if (result.status !== 0) throw new SetupError("Nạp dữ liệu mẫu thất bại: xem lỗi ở trên.");
}

interface Supervised {
  name: "web" | "worker";
  command: string;
  args: string[];
  child?: ChildProcess;
  restarts: number[];
}

let stopping = false;

/** Runs a process in the foreground with prefixed output; restarts it if it crashes (at most 5 times a minute). */
function supervise(proc: Supervised, env: NodeJS.ProcessEnv, port: number) {
  const child = spawn(proc.command, proc.args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  proc.child = child;
  if (child.pid)
    writeRecord(dataDir, proc.name, { pid: child.pid, port, command: proc.command, startedAt: new Date().toISOString() });
  const prefix = (stream: NodeJS.ReadableStream, target: NodeJS.WriteStream) =>
    stream.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line) target.write(`[${proc.name}] ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    removeRecord(dataDir, proc.name);
    if (stopping) return;
    const now = Date.now();
    proc.restarts = proc.restarts.filter((time) => now - time < 60_000).concat(now);
    if (proc.restarts.length > 5) {
      console.error(`✖ ${proc.name} dừng liên tục (mã ${code ?? signal}); không khởi động lại nữa. Xem nhật ký ở trên.`);
      void shutdown(1);
      return;
    }
    console.error(`! ${proc.name} đã dừng (mã ${code ?? signal}); khởi động lại sau 2 giây …`);
    setTimeout(() => supervise(proc, env, port), 2_000);
  });
}

const supervised: Supervised[] = [];

async function shutdown(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\n• Đang dừng …");
  await Promise.all(
    supervised.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (!child || child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 25_000).unref();
        }),
    ),
  );
  await stopServices(dataDir);
  process.exit(exitCode);
}

function banner(appUrl: string) {
  const lines = [
    "",
    "  Kho Học Liệu đã sẵn sàng.",
    `  Mở trình duyệt: ${appUrl}`,
    `  Trạng thái:     ${appUrl}/healthz`,
    `  API (OpenAPI):  ${appUrl}/api/v1/openapi.json`,
    `  Tài khoản mẫu (mật khẩu ${DEMO_PASSWORD}):`,
    ...DEMO_USERS.map(
      (user) => `    ${user.username.padEnd(16)} ${user.fullName} — ${user.roles.map((binding) => binding.role).join(", ")}`,
    ),
    `  Quản trị viên đăng nhập hai bước: khoá demo ${DEMO_TOTP_KEY}; mã hiện tại: npm run demo:otp`,
    "  Dừng: Ctrl+C (hoặc `npm run down` từ cửa sổ khác).",
    "",
  ];
  console.log(lines.join("\n"));
}

async function main() {
  const started = Date.now();
  loadDotEnv();
  const env = await appEnvironment();
  const appUrl = env.APP_URL ?? "";
  const port = Number(env.PORT);

  const existing = await runningApp(appUrl);
  if (existing) {
    console.log(`✓ Ứng dụng đang chạy (phiên bản ${existing.version}); các dịch vụ đã được kiểm tra và khởi động lại nếu cần.`);
    banner(appUrl);
    return;
  }
  if (await isPortOpen(port, env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST)) {
    throw new SetupError(`Cổng ${port} đang bị một chương trình khác dùng. Dừng chương trình đó hoặc chạy với PORT=… khác.`);
  }

  seed(env);
  if (!dev) buildIfStale(env);
  ensureSystemPackages(MEDIA_TOOL_PACKAGES, "worker tạo bản xem trước học liệu");
  supervised.push({ name: "web", command: bin("tsx"), args: ["scripts/serve.ts"], restarts: [] });
  supervised.push({ name: "worker", command: bin("tsx"), args: ["workers/main.ts"], restarts: [] });
  for (const proc of supervised) supervise(proc, env, port);

  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const ready = await waitFor(async () => (await runningApp(appUrl))?.status === "ok", 60_000, 300);
  if (!ready) throw new SetupError(`Ứng dụng không trả lời ${appUrl}/healthz sau 60 giây: xem nhật ký [web] ở trên.`);
  console.log(`✓ Sẵn sàng sau ${((Date.now() - started) / 1000).toFixed(1)} giây.`);
  banner(appUrl);
}

main().catch(async (error: unknown) => {
  if (error instanceof SetupError || error instanceof InvalidConfigurationError) {
    console.error(`\n✖ ${error.message}\n`);
  } else {
    console.error(error);
  }
  await shutdown(1);
});

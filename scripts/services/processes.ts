// Small process-management helpers shared by the service supervisor and `npm run up`:
// pid files under <dataDir>/run, liveness checks, clean stops and readable failures.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export class SetupError extends Error {
  override name = "SetupError";
}

/** The port chosen for a service is taken by another program. */
export class PortTakenError extends SetupError {
  override name = "PortTakenError";
}

export interface ProcessRecord {
  pid: number;
  port: number;
  command: string;
  startedAt: string;
}

const runDir = (dataDir: string) => path.join(dataDir, "run");
const recordFile = (dataDir: string, name: string) => path.join(runDir(dataDir), `${name}.json`);
export const logFile = (dataDir: string, name: string) => path.join(dataDir, "logs", `${name}.log`);

export function readRecord(dataDir: string, name: string): ProcessRecord | undefined {
  const file = recordFile(dataDir, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ProcessRecord;
  } catch {
    return undefined;
  }
}

export function writeRecord(dataDir: string, name: string, record: ProcessRecord) {
  mkdirSync(runDir(dataDir), { recursive: true });
  writeFileSync(recordFile(dataDir, name), JSON.stringify(record, null, 2));
}

export function removeRecord(dataDir: string, name: string) {
  rmSync(recordFile(dataDir, name), { force: true });
}

/** True when `pid` is alive and (on Linux) still runs the command we started, not a recycled pid. */
export function isRunning(record: ProcessRecord | undefined): record is ProcessRecord {
  if (!record) return false;
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${record.pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  return readFileSync(cmdline, "utf8").includes(path.basename(record.command));
}

export function isPortOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(500);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Asks the kernel for a port nobody listens on (used to isolate test runs). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/** Starts a long-running process detached from this one, its output appended to a log file. */
export function spawnDetached(
  dataDir: string,
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
): { record: ProcessRecord; exit: () => string | undefined } {
  mkdirSync(path.dirname(logFile(dataDir, name)), { recursive: true });
  const out = openSync(logFile(dataDir, name), "a");
  const child = spawn(command, args, { detached: true, stdio: ["ignore", out, out], env });
  closeSync(out);
  let exit: string | undefined;
  child.once("exit", (code, signal) => {
    exit = signal ? `tín hiệu ${signal}` : `mã ${code}`;
  });
  child.unref();
  if (!child.pid) throw new SetupError(`Không khởi động được ${command}.`);
  const record = { pid: child.pid, port, command, startedAt: new Date().toISOString() };
  writeRecord(dataDir, name, record);
  // Right after spawn /proc still shows the parent's command line (before exec), so a fresh
  // child is watched through its exit event rather than isRunning().
  return { record, exit: () => exit };
}

export async function stopProcess(dataDir: string, name: string, timeoutMs = 15_000): Promise<boolean> {
  const record = readRecord(dataDir, name);
  if (!isRunning(record)) {
    removeRecord(dataDir, name);
    return false;
  }
  process.kill(record.pid, "SIGTERM");
  const stopped = await waitFor(async () => !isRunning(record), timeoutMs, 100);
  if (!stopped) process.kill(record.pid, "SIGKILL");
  removeRecord(dataDir, name);
  return true;
}

export function tailOf(file: string, lines = 15): string {
  if (!existsSync(file)) return "(chưa có nhật ký)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

const MIB = 1024 * 1024;

/** Fails early with a clear message instead of letting a build or a database die half-way on a full disk. */
export function assertDiskSpace(dir: string, neededMiB: number, purpose: string) {
  mkdirSync(dir, { recursive: true });
  const stats = statfsSync(dir);
  const freeMiB = Math.floor((stats.bavail * stats.bsize) / MIB);
  if (freeMiB < neededMiB) {
    throw new SetupError(
      `Đĩa chứa ${dir} chỉ còn ${freeMiB} MiB trống; cần ít nhất ${neededMiB} MiB để ${purpose}. Hãy giải phóng dung lượng rồi chạy lại.`,
    );
  }
}

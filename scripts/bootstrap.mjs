#!/usr/bin/env node
// Entry point of every top-level command (`npm run up`, `npm test`, …).
// Written in plain JavaScript for any Node ≥ 18, because it runs before the
// project's dependencies and its own Node.js runtime exist on a fresh clone:
//   1. make sure the Node.js LTS pinned in .nvmrc is available (the official
//      binary is published on the npm registry as node-linux-<arch>),
//   2. install the npm dependencies when they are missing or stale,
//   3. run the given TypeScript script with that runtime through tsx.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.resolve(root, process.env.KHL_CACHE_DIR ?? ".cache");

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) fail(`Không chạy được "${command}": ${result.error.message}`);
  return result.status ?? 1;
}

async function ensureRuntime() {
  const wanted = readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
  const [wantedMajor] = wanted.split(".").map(Number);
  const currentMajor = Number(process.versions.node.split(".")[0]);
  if (currentMajor >= wantedMajor) return path.dirname(process.execPath);

  const pkg = `node-${process.platform}-${process.arch}`;
  const runtimeDir = path.join(cacheDir, "node", `${pkg}-${wanted}`);
  const nodeBin = path.join(runtimeDir, "bin", "node");
  if (!existsSync(nodeBin)) {
    console.log(
      `• Node.js ${process.versions.node} đã cũ; cài Node.js ${wanted} (${pkg}) từ npm vào ${path.relative(root, runtimeDir)} …`,
    );
    mkdirSync(path.dirname(runtimeDir), { recursive: true });
    const work = await mkdtemp(path.join(tmpdir(), "khl-node-"));
    const packed = spawnSync("npm", ["pack", `${pkg}@${wanted}`, "--pack-destination", work, "--silent"], {
      cwd: work,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (packed.status !== 0) {
      fail(
        `Không tải được ${pkg}@${wanted} từ npm registry (npm pack thoát với mã ${packed.status}). Kiểm tra kết nối tới registry, hoặc cài Node.js ${wantedMajor} thủ công.`,
      );
    }
    const tarball = path.join(work, packed.stdout.trim().split("\n").pop());
    if (run("tar", ["-xzf", tarball, "-C", work]) !== 0) fail(`Giải nén ${tarball} thất bại.`);
    rmSync(runtimeDir, { recursive: true, force: true });
    renameSync(path.join(work, "package"), runtimeDir);
    rmSync(work, { recursive: true, force: true });
    if (run(nodeBin, ["--version"], { stdio: "ignore" }) !== 0) fail(`${nodeBin} không chạy được trên máy này.`);
  }
  return path.dirname(nodeBin);
}

function ensureDependencies(env) {
  const lock = path.join(root, "package-lock.json");
  const installed = path.join(root, "node_modules", ".package-lock.json");
  const patchesDir = path.join(root, "patches");
  const patches = existsSync(patchesDir) ? readdirSync(patchesDir).map((name) => path.join(patchesDir, name)) : [];
  const fresh =
    existsSync(installed) && [lock, ...patches].every((input) => statSync(input).mtimeMs <= statSync(installed).mtimeMs);
  if (fresh) return;
  console.log("• Cài các gói npm …");
  // `npm install` rather than `npm ci`: npm ci rejects a lock file that lacks other platforms' optional
  // binaries (rollup, tailwind oxide) when the registry mirror does not serve them; install keeps the
  // locked versions and leaves package-lock.json untouched.
  if (run("npm", ["install", "--no-audit", "--no-fund"], { env }) !== 0) {
    fail("Cài gói npm thất bại: xem lỗi ở trên (thường là mất kết nối tới npm registry hoặc hết dung lượng đĩa).");
  }
  // Lifecycle scripts are off (.npmrc), so the fixes to dependencies in patches/ are applied here (docs/decisions/004).
  if (run(path.join(root, "node_modules", ".bin", "patch-package"), ["--error-on-fail"], { env }) !== 0) {
    fail("Áp các bản vá trong patches/ cho gói npm thất bại: xem lỗi ở trên (phiên bản gói đã đổi so với bản vá?).");
  }
  const now = new Date();
  utimesSync(installed, now, now);
}

const [script, ...args] = process.argv.slice(2);
if (!script) fail("Cách dùng: node scripts/bootstrap.mjs <script.ts> [tham số …]");

const runtimeBin = await ensureRuntime();
const env = {
  ...process.env,
  PATH: [runtimeBin, path.join(root, "node_modules", ".bin"), process.env.PATH].join(path.delimiter),
};
ensureDependencies(env);

const child = spawn(path.join(runtimeBin, "node"), [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), script, ...args], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// `npm test` (and CI's .ci/run): typecheck, lint, unit, integration and end-to-end tests,
// each against real services the test run starts itself. Ends with one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./services/paths";
import { ensureSystemPackages, MEDIA_TOOL_PACKAGES } from "./services/system-packages";

const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);
const results = path.join(projectRoot, "test-results");

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Stage {
  name: string;
  command: string;
  args: string[];
  /** Reads the runner's JSON report; stages without one count as one check. */
  counts?: () => Counts | undefined;
  before?: () => void;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

function vitestCounts(file: string) {
  return () => {
    const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
      file,
    );
    return (
      report && {
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests + report.numTodoTests,
      }
    );
  };
}

function playwrightCounts() {
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    path.join(results, "e2e.json"),
  );
  return (
    report && {
      passed: report.stats.expected,
      failed: report.stats.unexpected + report.stats.flaky,
      skipped: report.stats.skipped,
    }
  );
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Playwright drives Debian's Chromium and the integration tests run the media tools: one apt call
 * installs whatever is missing (needs root, as in CI).
 */
const ensureTestPackages = () =>
  ensureSystemPackages(
    [{ command: CHROMIUM, aptPackage: "chromium" }, ...MEDIA_TOOL_PACKAGES],
    "`npm test`: Chromium cho e2e (hoặc đặt CHROMIUM_PATH), FFmpeg, LibreOffice và Poppler cho integration",
  );

const stages: Stage[] = [
  { name: "typecheck", command: bin("tsc"), args: [] },
  { name: "lint", command: bin("eslint"), args: [".", "--max-warnings=0"] },
  { name: "format", command: bin("prettier"), args: ["--check", "--log-level=warn", "."] },
  {
    name: "unit",
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${path.join(results, "unit.json")}`,
    ],
    counts: vitestCounts(path.join(results, "unit.json")),
  },
  {
    name: "integration",
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${path.join(results, "integration.json")}`,
    ],
    counts: vitestCounts(path.join(results, "integration.json")),
    before: ensureTestPackages,
  },
  { name: "e2e", command: bin("playwright"), args: ["test"], counts: playwrightCounts, before: ensureTestPackages },
];

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedStages: string[] = [];

for (const stage of stages) {
  console.log(`\n━━ ${stage.name} ━━`);
  const started = Date.now();
  let status: number | null = 1;
  try {
    stage.before?.();
    status = spawnSync(stage.command, stage.args, {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, CI: process.env.CI ?? "" },
    }).status;
  } catch (error) {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  }
  const counts = stage.counts?.() ?? { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 };
  if (status !== 0 && counts.failed === 0) counts.failed = 1; // the runner itself failed (crash, setup error)
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (status !== 0) failedStages.push(stage.name);
  console.log(`── ${stage.name}: ${status === 0 ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

console.log(failedStages.length ? `\nStages that failed: ${failedStages.join(", ")}` : "\nAll stages passed.");
console.log(`summary: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedStages.length ? 1 : 0);

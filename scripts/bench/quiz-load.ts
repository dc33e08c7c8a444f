// Shared by `npm run bench:quiz` and `npm run bench:quiz-faults` (benchmarks.md, rows `quiz` and `quiz-faults`):
// the app on private services with a web process that can be killed and started again on the same port, a school
// with a 40-item test assigned to its classes, simulated students answering through the public attempts API over
// node:http (kept-alive connections, the browser's retry rules), and the check that no acknowledged answer was lost.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { Types } from "mongoose";
import {
  assignAssessmentSchema,
  createAssessmentSchema,
  generateVersionsSchema,
  type DeliveredItem,
} from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";
import { AccessToken } from "#models/access-token";
import { Attempt } from "#models/attempt";
import { AttemptAnswer, type AttemptAnswerDoc } from "#models/attempt-answer";
import { SchoolClass } from "#models/school-class";
import { Session } from "#models/session";
import { OutboxMark } from "#models/outbox";
import { Question } from "#models/question";
import { User } from "#models/user";
import { createAccessToken, tokenRecordKey } from "~/auth/access-tokens.server";
import { SESSION_COOKIE, SESSION_LIFETIME_DAYS } from "~/auth/lucia.server";
import { hashPassword } from "~/auth/password.server";
import { addItem, createAssessment, generateVersions } from "~/domain/assessments/assessments.server";
import { assignAssessment } from "~/domain/assessments/assignments.server";
import { finishOverdueAttempts } from "~/domain/assessments/attempts.server";
import { saveClass } from "~/domain/classes/save-class.server";
import { listTopics } from "~/domain/curriculum/topics.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { getSearchClient } from "~/services/search.server";
import { buildIfStale } from "../build";
import { seedApprovedQuestions } from "../seed/question-bank";
import { projectRoot } from "../services/paths";
import { freePort, isPortOpen, readRecord, stopProcess, waitFor } from "../services/processes";
import { startServices } from "../services/supervisor";
import { testActor } from "../../tests/support/actors";
import { startIsolatedServices, type IsolatedServices } from "../../tests/support/services";
import { seededRandom, type Random } from "./search-data";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** Percentiles of a list of samples (nearest rank). */
export function percentiles(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

/** The machine as the figures were taken: cores, memory, Node, and how busy it already was. */
export function conditions() {
  const [one, five, fifteen] = os.loadavg();
  return `${os.availableParallelism()} CPU (${os.cpus()[0]?.model ?? "?"}), RAM ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${fixed(one!, 2)} / ${fixed(five!, 2)} / ${fixed(fifteen!, 2)}`;
}

// ---- Stopping whatever the benchmark started, whatever happens -------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
/** Set when the benchmark is being stopped: simulated students stop where they are. */
let interrupted = false;

/** Runs every registered cleanup once, newest first. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  })();
  return cleaning;
}

/**
 * Ctrl-C, a termination signal or the overall time limit stop the services and the app before exiting; so does an
 * uncaught error (the scripts' own `finally` blocks call `cleanUp` too).
 */
export function stopOnSignals(tag: string, limitMinutes: number) {
  // `on`, not `once`: Ctrl-C reaches this process several times (from the terminal and relayed by bootstrap and tsx),
  // and a second signal without a handler would end it in the middle of stopping the services.
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      interrupted = true;
      console.log(`[${tag}] ${signal}: dừng dịch vụ và ứng dụng …`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once("uncaughtException", (error) => {
    console.error(error);
    void cleanUp().finally(() => process.exit(1));
  });
  // The load phase stops itself earlier (its own deadline); this only catches a hang anywhere else.
  setTimeout(() => {
    console.log(`[${tag}] quá giới hạn ${limitMinutes} phút: dừng tất cả.`);
    void cleanUp().finally(() => process.exit(2));
  }, limitMinutes * 60_000).unref();
}

// ---- The app, with a web process that can be killed -------------------------------------------------------------

const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);

/** Whether any process of a process group is still there. */
function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the process group (the tsx launcher and the server it runs), SIGKILL after 10 s. */
async function stopGroup(child: ChildProcess) {
  if (!child.pid) return;
  signalGroup(child, "SIGTERM");
  const stopped = await waitFor(
    async () => !groupAlive(child.pid!) || (child.exitCode !== null && !groupAlive(child.pid!)),
    10_000,
    100,
  );
  if (!stopped) signalGroup(child, "SIGKILL");
}

/** Runs a script to its end (the demo data, as tests/support/app-server.ts does). */
function runScript(script: string, env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin("tsx"), [script], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with code ${String(code)}`))));
  });
}

function portOf(url: string) {
  return Number(new URL(url).port);
}

/**
 * A module the web server and the worker are started with (`--import`) when asked: it turns on the MongoDB driver's
 * command monitoring in the app's process (not in its tsx launcher) and writes, every second, the count, total and
 * longest duration of each kind of command (name, collection, filter fields) and the time spent waiting for a pooled
 * connection. Written to the benchmark's log folder; the app's code is untouched.
 */
const DB_TIMING_PRELOAD = `
import { renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const output = process.env.KHL_BENCH_DB_TIMING;
const isServer = output && /\\.ts$/.test(process.argv[1] ?? "") && !process.argv.some((arg) => arg.includes("tsx/dist/cli"));
if (isServer) {
  const mongoose = createRequire(process.cwd() + "/package.json")("mongoose");
  const commands = {};
  const pool = { count: 0, totalMs: 0, maxMs: 0 };
  const started = new Map();
  const FILTERS = { find: (c) => c.filter, update: (c) => c.updates?.[0]?.q, delete: (c) => c.deletes?.[0]?.q, findAndModify: (c) => c.query, count: (c) => c.query };
  const shape = (name, command) => {
    const collection = typeof command[name] === "string" ? " " + command[name] : "";
    const filter = FILTERS[name]?.(command);
    return name + collection + (filter ? " {" + Object.keys(filter).sort().join(", ") + "}" : "");
  };
  const record = (key, ms, failed) => {
    const entry = (commands[key] ??= { count: 0, totalMs: 0, maxMs: 0, failed: 0 });
    entry.count++;
    entry.totalMs += ms;
    entry.maxMs = Math.max(entry.maxMs, ms);
    if (failed) entry.failed++;
  };
  const connect = mongoose.connect.bind(mongoose);
  mongoose.connect = async (uri, options = {}) => {
    const connected = await connect(uri, { ...options, monitorCommands: true });
    const client = mongoose.connection.getClient();
    client.on("commandStarted", (event) => started.set(event.requestId, shape(event.commandName, event.command)));
    const done = (failed) => (event) => {
      const key = started.get(event.requestId) ?? event.commandName;
      started.delete(event.requestId);
      record(key, event.duration, failed);
    };
    client.on("commandSucceeded", done(false));
    client.on("commandFailed", done(true));
    client.on("connectionCheckedOut", (event) => {
      pool.count++;
      pool.totalMs += event.durationMS ?? 0;
      pool.maxMs = Math.max(pool.maxMs, event.durationMS ?? 0);
    });
    return connected;
  };
  setInterval(() => {
    writeFileSync(output + ".tmp", JSON.stringify({ commands, pool }));
    renameSync(output + ".tmp", output);
  }, 1000).unref();
}
`;

export interface DbTiming {
  commands: Record<string, { count: number; totalMs: number; maxMs: number; failed: number }>;
  pool: { count: number; totalMs: number; maxMs: number };
}

/** What the web process's database commands cost between two snapshots, most expensive first. */
export function dbTimingReport(before: DbTiming | null, after: DbTiming | null, requests: number): string[] {
  if (!after) return ["(no database timing: the web process wrote none)"];
  const rows = Object.entries(after.commands).map(([key, entry]) => {
    const earlier = before?.commands[key] ?? { count: 0, totalMs: 0, maxMs: 0, failed: 0 };
    return { key, count: entry.count - earlier.count, totalMs: entry.totalMs - earlier.totalMs, maxMs: entry.maxMs };
  });
  const total = rows.reduce((sum, row) => sum + row.totalMs, 0);
  const poolCount = after.pool.count - (before?.pool.count ?? 0);
  const poolMs = after.pool.totalMs - (before?.pool.totalMs ?? 0);
  return [
    `${rows.reduce((sum, row) => sum + row.count, 0)} commands, ${fixed(total / 1000)} s in the database ${requests ? `(${fixed(total / requests)} ms per save request)` : ""}; waiting for a pooled connection: ${fixed(poolMs / 1000)} s over ${poolCount} checkouts (max ${fixed(after.pool.maxMs, 0)} ms)`,
    ...rows
      .filter((row) => row.count > 0)
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, 10)
      .map(
        (row) =>
          `${fixed((row.totalMs / Math.max(1, total)) * 100, 0)}% ${row.key}: ${row.count}×, mean ${fixed(row.totalMs / row.count, 2)} ms, max ${fixed(row.maxMs, 0)} ms`,
      ),
  ];
}

export interface QuizStack {
  url: string;
  port: number;
  services: IsolatedServices;
  /** Where the web and worker processes write their output (kept after the run). */
  logDir: string;
  /** The web server's process group leader (tsx launcher; the server is its child). */
  webPid(): number;
  /** SIGKILL to the whole web process group; resolves once its port is closed. */
  killWeb(): Promise<void>;
  /** Starts the web server again on the same port; resolves with the milliseconds until /healthz answered 200. */
  startWeb(): Promise<number>;
  /** Stops the database (SIGTERM and wait, or SIGKILL) and resolves once it is down. */
  stopDatabase(signal: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts the database again on the same port with the same data; resolves once it answers a ping. */
  startDatabase(): Promise<void>;
  workerAlive(): boolean;
  /** Lines of the web log that report a failed API request. */
  failedApiRequests(): number;
  /** The database timing of the web or worker process so far (with `dbTiming`), or null. */
  dbTiming(name: "web" | "worker"): DbTiming | null;
  stop(): Promise<void>;
}

/** Private services, demo data, and the production build's web server and worker (own process groups, own logs). */
export async function startQuizStack(
  label: string,
  log: (message: string) => void,
  options: { dbTiming?: boolean } = {},
): Promise<QuizStack> {
  const services = await startIsolatedServices(label);
  const logDir = path.join(os.tmpdir(), `khl-${label}-${Date.now()}`);
  mkdirSync(logDir, { recursive: true });
  const timingFile = (name: string) => path.join(logDir, `db-timing-${name}.json`);
  const preload = path.join(logDir, "db-timing.mjs");
  writeFileSync(preload, DB_TIMING_PRELOAD);
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
  const ports = {
    database: portOf(services.env.MONGODB_URI!),
    search: portOf(services.env.MEILI_URL!),
    storage: portOf(services.env.S3_ENDPOINT!),
  };
  let web: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  const spawnLogged = (script: string, name: string) => {
    const out = openSync(path.join(logDir, `${name}.log`), "a");
    const child = spawn(bin("tsx"), [script], {
      cwd: projectRoot,
      env: options.dbTiming
        ? {
            ...env,
            KHL_BENCH_DB_TIMING: timingFile(name),
            NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(preload).href}`.trim(),
          }
        : env,
      stdio: ["ignore", out, out],
      detached: true,
    });
    closeSync(out);
    return child;
  };
  const healthy = async () =>
    (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.ok === true;
  const stop = async () => {
    await Promise.all([web, worker].filter((child): child is ChildProcess => Boolean(child)).map(stopGroup));
    await services.stop();
  };
  cleanups.push(stop);
  const startWeb = async () => {
    const started = performance.now();
    web = spawnLogged("scripts/serve.ts", "web");
    if (!(await waitFor(healthy, 60_000, 100))) throw new Error(`the web server did not become healthy at ${url}`);
    return performance.now() - started;
  };
  try {
    buildIfStale(env);
    log("nạp dữ liệu mẫu (scripts/seed.ts) …");
    await runScript("scripts/seed.ts", env);
    worker = spawnLogged("workers/main.ts", "worker");
    await startWeb();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    services,
    logDir,
    webPid: () => web!.pid!,
    async killWeb() {
      if (web) signalGroup(web, "SIGKILL");
      await waitFor(async () => !(await isPortOpen(port)), 10_000, 20);
    },
    startWeb,
    async stopDatabase(signal) {
      if (signal === "SIGTERM") {
        await stopProcess(services.dataDir, "database");
        return;
      }
      const record = readRecord(services.dataDir, "database");
      if (record) process.kill(record.pid, "SIGKILL");
      await waitFor(async () => !(await isPortOpen(ports.database)), 10_000, 20);
    },
    async startDatabase() {
      // Search and storage are still running and healthy: the supervisor reuses them and starts only the database.
      await startServices({ dataDir: services.dataDir, ports, configured: {}, log: () => undefined });
    },
    workerAlive: () => Boolean(worker && worker.exitCode === null && worker.signalCode === null),
    failedApiRequests() {
      try {
        return readFileSync(path.join(logDir, "web.log"), "utf8")
          .split("\n")
          .filter((line) => line.startsWith("API ")).length;
      } catch {
        return 0;
      }
    },
    dbTiming(name) {
      try {
        return JSON.parse(readFileSync(timingFile(name), "utf8")) as DbTiming;
      } catch {
        return null;
      }
    },
    stop,
  };
}

// ---- The school, the test and the students ----------------------------------------------------------------------

export type AuthMode = "token" | "session";

export interface StudentAccount {
  id: string;
  assignmentId: string;
  headers: Record<string, string>;
}

export interface QuizSetup {
  assessmentId: string;
  assignmentIds: string[];
  teacherHeaders: Record<string, string>;
  students: StudentAccount[];
  /** Items of the test by type. */
  itemTypes: Record<string, number>;
}

const SCHOOL = "BENCH-QUIZ-THPT";
const ITEM_PLAN = { single_choice: 24, true_false_group: 12, short_answer: 4 } as const;
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
const secret = () => encodeBase32LowerCaseNoPadding(randomBytes(25));

/**
 * A school with a teacher, a subject-group leader and a reviewer; 42 approved Toán 12 questions from the seed used by
 * the tests; a 40-item test (24 single choice, 12 true/false groups, 4 short answers, 0.25 points each) with 4
 * versions, items and options shuffled; `students` students in classes of `classSize`, each class assigned the test
 * (open now, closes in 2 h, 90 minutes). Students sign in with a personal access token (read + write) or a session
 * cookie, written straight to the database in bulk.
 */
export async function setupQuiz(options: {
  url: string;
  students: number;
  classSize: number;
  auth: AuthMode;
  log: (message: string) => void;
}): Promise<QuizSetup> {
  const { log } = options;
  await upsertOrganisation({
    code: SCHOOL,
    name: "Trường THPT Đo Tải",
    type: "school",
    schoolLevel: "upper_secondary",
    parentCode: "PGD-DONG",
  });
  const school = await organisationByCode(SCHOOL);
  const teacher = await testActor("bench.quiz.gv", SCHOOL, "teacher", "Cô Lan (Toán)");
  const leader = await testActor("bench.quiz.tt", SCHOOL, "teacher", "Thầy Hùng (tổ trưởng)");
  const reviewer = await testActor("bench.quiz.tv", SCHOOL, "teacher", "Cô Mai");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Toán (đo tải)",
    subjectCodes: ["TOAN"],
    leaderId: leader.id,
    memberIds: [leader.id, reviewer.id, teacher.id],
  });
  if (!group.ok) throw new Error(`saveSubjectGroup: ${JSON.stringify(group)}`);
  const topicIds = (await listTopics("TOAN", 12)).slice(0, 2).map((topic) => topic.id);
  if (topicIds.length < 2) throw new Error("the demo data has fewer than 2 topics of Toán 12");

  let started = performance.now();
  const questionIds = await seedApprovedQuestions({
    author: teacher,
    leader,
    reviewer,
    subject: "TOAN",
    grade: 12,
    topicIds,
    perTopicAndLevel: { single_choice: 4, true_false_group: 2, short_answer: 1 },
    label: "QUIZ",
  });
  log(`  ${questionIds.length} câu hỏi đã duyệt qua tổ chuyên môn (${fixed((performance.now() - started) / 1000)} s)`);

  const value = <T>(result: { ok: true; value: T } | { ok: false; status: number; reason: string }, what: string): T => {
    if (!result.ok) throw new Error(`${what}: ${result.status} ${result.reason}`);
    return result.value;
  };
  const { id: assessmentId } = value(
    await createAssessment(
      teacher,
      createAssessmentSchema.parse({
        title: "Kiểm tra giữa kỳ – Toán 12 (đo tải)",
        subject: "TOAN",
        grade: 12,
        purpose: "mid_term",
        rounding: "0.25",
        shuffleItems: true,
        shuffleOptions: true,
      }),
    ),
    "createAssessment",
  );
  // The seed creates the formats in order (single choice, true/false, short answer), 6 topic × level cells each.
  const perFormat = { single_choice: 24, true_false_group: 12, short_answer: 6 };
  const chosen = [
    ...questionIds.slice(0, ITEM_PLAN.single_choice),
    ...questionIds.slice(perFormat.single_choice, perFormat.single_choice + ITEM_PLAN.true_false_group),
    ...questionIds.slice(perFormat.single_choice + perFormat.true_false_group).slice(0, ITEM_PLAN.short_answer),
  ];
  for (const questionId of chosen) value(await addItem(teacher, assessmentId, { questionId, points: 0.25 }), "addItem");
  value(
    (await generateVersions(teacher, assessmentId, generateVersionsSchema.parse({ versions: 4 }))).result,
    "generateVersions",
  );

  // Students, in bulk: the fields upsertUser writes, one password hash for all (they sign in with a token or session).
  started = performance.now();
  const passwordHash = await hashPassword(randomBytes(12).toString("base64url"));
  const studentIds = Array.from({ length: options.students }, () => new Types.ObjectId());
  const binding = { role: "student", organisationId: school.id, organisationPath: school.path };
  for (let from = 0; from < studentIds.length; from += 500) {
    await User.insertMany(
      studentIds.slice(from, from + 500).map((_id, offset) => ({
        _id,
        username: `bench.quiz.hs${String(from + offset + 1).padStart(5, "0")}`,
        fullName: `Học sinh ${from + offset + 1}`,
        passwordHash,
        mustChangePassword: false,
        roles: [binding],
        organisationId: school.id,
        organisationPath: school.path,
      })),
      { ordered: false },
    );
  }
  log(`  ${studentIds.length} học sinh (${fixed((performance.now() - started) / 1000)} s)`);

  started = performance.now();
  const schoolYear = currentSchoolYear();
  const assignmentIds: string[] = [];
  const assignmentOf = new Map<string, string>();
  const now = Date.now();
  for (let from = 0, number = 1; from < studentIds.length; from += options.classSize, number++) {
    const saved = await saveClass(school, {
      schoolId: String(school.id),
      schoolYear,
      name: `12Q${number}`,
      grade: 12,
      homeroomTeacherId: "",
      subjectTeachers: [{ subjectCode: "TOAN", teacherId: teacher.id }],
    });
    if (!saved.ok) throw new Error(`saveClass: ${JSON.stringify(saved.errors)}`);
    const members = studentIds.slice(from, from + options.classSize);
    await SchoolClass.updateOne({ _id: new Types.ObjectId(saved.classId) }, { $addToSet: { studentIds: { $each: members } } });
    const { id: assignmentId } = value(
      await assignAssessment(
        teacher,
        assessmentId,
        assignAssessmentSchema.parse({
          classId: saved.classId,
          opensAt: new Date(now - 60_000).toISOString(),
          closesAt: new Date(now + 120 * 60_000).toISOString(),
          timeLimitMinutes: 90,
          showResults: "immediately",
        }),
      ),
      "assignAssessment",
    );
    assignmentIds.push(assignmentId);
    for (const member of members) assignmentOf.set(String(member), assignmentId);
  }
  log(`  ${assignmentIds.length} lớp, mỗi lớp được giao bài (${fixed((performance.now() - started) / 1000)} s)`);

  started = performance.now();
  const secrets = studentIds.map(() => `${options.auth === "token" ? "khl_" : ""}${secret()}`);
  // A session as a fresh sign-in leaves it (14 days): Lucia extends one with less than half of that left, a write.
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_DAYS * 86_400_000);
  for (let from = 0; from < studentIds.length; from += 500) {
    const batch = studentIds.slice(from, from + 500);
    if (options.auth === "token") {
      // As createAccessToken stores them (without its audit event, one per token).
      await AccessToken.insertMany(
        batch.map((userId, offset) => {
          const token = secrets[from + offset]!;
          return {
            ...tokenRecordKey(token),
            userId,
            name: "bench-quiz",
            prefix: token.slice(0, 10),
            scopes: ["read", "write"],
            expiresAt,
          };
        }),
        { ordered: false },
      );
    } else {
      // As Lucia's adapter stores a session (app/auth/lucia.server.ts).
      await Session.insertMany(
        batch.map((userId, offset) => ({
          _id: sha256Hex(secrets[from + offset]!),
          userId,
          expiresAt,
          userAgent: "bench-quiz",
          ipAddress: "127.0.0.1",
          createdAt: new Date(),
        })),
        { ordered: false },
      );
    }
  }
  const headersFor = (secretValue: string): Record<string, string> =>
    options.auth === "token"
      ? { authorization: `Bearer ${secretValue}` }
      : { cookie: `${SESSION_COOKIE}=${secretValue}`, origin: options.url };
  log(
    `  ${options.auth === "token" ? "mã truy cập cá nhân" : "phiên đăng nhập"} cho từng học sinh (${fixed((performance.now() - started) / 1000)} s)`,
  );
  const teacherToken = await createAccessToken(teacher, { name: "bench-quiz", scopes: ["read"], lifetimeDays: 1 }, "127.0.0.1");
  return {
    assessmentId,
    assignmentIds,
    teacherHeaders: { authorization: `Bearer ${teacherToken}` },
    students: studentIds.map((id, index) => ({
      id: String(id),
      assignmentId: assignmentOf.get(String(id))!,
      headers: headersFor(secrets[index]!),
    })),
    itemTypes: { ...ITEM_PLAN },
  };
}

/**
 * Waits (at most `limitMs`) until the approvals of the setup have gone through the outbox and the search index:
 * no outbox marks or events left, nothing queued in Meilisearch. Returns the seconds waited.
 */
export async function settle(limitMs = 90_000) {
  const started = performance.now();
  const search = getSearchClient();
  await waitFor(
    async () => {
      const [marks, pending, tasks] = await Promise.all([
        OutboxMark.estimatedDocumentCount(),
        Question.countDocuments({ "outbox.0": { $exists: true } }),
        search.tasks.getTasks({ statuses: ["enqueued", "processing"], limit: 1 }),
      ]);
      return marks === 0 && pending === 0 && tasks.results.length === 0;
    },
    limitMs,
    1_000,
  );
  return (performance.now() - started) / 1000;
}

export async function connectBenchDatabase(stack: QuizStack) {
  Object.assign(process.env, stack.services.env, { APP_URL: stack.url });
  await connectDatabase(stack.services.env.MONGODB_URI);
}

export { disconnectDatabase };

// ---- HTTP over node:http --------------------------------------------------------------------------------------

export interface HttpResult {
  /** 0 when no answer came (connection refused or reset, timeout, aborted): see `code`. */
  status: number;
  code: string;
  body: unknown;
  /** From the call to the end of the answer, waiting for a pooled connection included. */
  ms: number;
  /** Waiting for a pooled connection. */
  waitMs: number;
}

function decodedBody(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "br") return zlib.brotliDecompressSync(body);
  if (encoding === "gzip") return zlib.gunzipSync(body);
  if (encoding === "deflate") return zlib.inflateSync(body);
  return body;
}

/** One request; never rejects. `abort()` drops the connection as a browser that loses it would. */
export function httpRequest(
  agent: http.Agent,
  port: number,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
): { done: Promise<HttpResult>; abort(): void } {
  const started = performance.now();
  let socketAt = NaN;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const request = http.request({
    agent,
    host: "127.0.0.1",
    port,
    method,
    path: pathname,
    headers: {
      accept: "application/json",
      // What a browser's fetch from the quiz page sends: the server's compression decisions are part of what is measured.
      "accept-encoding": "gzip, deflate, br",
      ...headers,
      ...(payload ? { "content-type": "application/json", "content-length": String(payload.length) } : {}),
    },
  });
  const done = new Promise<HttpResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<HttpResult, "ms" | "waitMs">) => {
      if (settled) return;
      settled = true;
      const now = performance.now();
      resolve({ ...result, ms: now - started, waitMs: (Number.isNaN(socketAt) ? now : socketAt) - started });
    };
    request.on("socket", () => (socketAt = performance.now()));
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    request.on("error", (error: NodeJS.ErrnoException) => finish({ status: 0, code: error.code ?? error.message, body: null }));
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (error: NodeJS.ErrnoException) => finish({ status: 0, code: error.code ?? "RESPONSE", body: null }));
      response.on("end", () => {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(decodedBody(Buffer.concat(chunks), response.headers["content-encoding"]).toString("utf8"));
        } catch {
          // Not JSON (an HTML error page): the status says enough.
        }
        finish({ status: response.statusCode ?? 0, code: String(response.statusCode), body: parsed });
      });
    });
  });
  request.end(payload);
  return {
    done,
    abort: () => request.destroy(Object.assign(new Error("aborted by the benchmark"), { code: "ABORTED" })),
  };
}

// ---- Simulated students --------------------------------------------------------------------------------------------

interface AttemptViewBody {
  id: string;
  status: string;
  items: DeliveredItem[];
  responses: Record<string, { seq: number; response: QuestionResponse }>;
}

interface SavedBody {
  outcome: "saved" | "duplicate" | "newer_kept";
  seq: number;
}

/** What a student was told the server holds, per item: the highest acknowledged seq and the answer sent with it. */
export type Ledger = Map<string, Map<string, { seq: number; response: QuestionResponse }>>;

export interface LoadOptions {
  url: string;
  students: readonly StudentAccount[];
  /** Mean seconds between two answers of a student (each wait drawn uniformly from 0.4× to 1.6×). */
  saveEverySeconds: number;
  /** Students start spread evenly over this many seconds. */
  rampSeconds: number;
  /** Pooled connections shared by the students who do not reconnect. */
  connections: number;
  reconnectShare: number;
  replayShare: number;
  changeShare: number;
  doubleStartShare: number;
  requestTimeoutMs: number;
  /** Whether failed saves are retried (the browser queue's backoff), keeping their seq. */
  retry: boolean;
  /** performance.now() after which students stop where they are. */
  stopAt: number;
  seed: number;
  log: (message: string) => void;
}

export interface LoadResult {
  seconds: number;
  stoppedEarly: boolean;
  ledger: Ledger;
  attemptOf: Map<string, string>;
  /** Acknowledged saves (2xx), each HTTP round trip: latency and time waiting for a pooled connection. */
  saveMs: number[];
  saveWaitMs: number[];
  startMs: number[];
  resumeMs: number[];
  submitMs: number[];
  /** Saves the students meant to make (one per answer change), and HTTP save requests sent (retries and replays included). */
  saveOperations: number;
  saveRequests: number;
  saveStatus: Record<string, number>;
  otherStatus: Record<string, number>;
  outcomes: Record<string, number>;
  replays: { sent: number; duplicate: number; other: number };
  reconnects: { done: number; abortedInFlight: number; resumeMissing: number };
  doubleStarts: { pairs: number; differentIds: number };
  submitted: number;
  submitStatus: Record<string, number>;
  unfinished: number;
  /** Saves given up on (refused, closed, or out of time): not acknowledged. */
  savesGivenUp: number;
  /** Timestamps (performance.now) of save requests: failed ones with their code, and acknowledged ones (sent, done). */
  failedSaveAt: { at: number; code: string }[];
  okSave: { sentAt: number; doneAt: number }[];
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 20_000];
const retryable = (result: HttpResult) => result.status === 0 || result.status === 401 || result.status >= 500;
const count = (counter: Record<string, number>, key: string) => (counter[key] = (counter[key] ?? 0) + 1);

/** A different answer each time, in the shape the item's type takes. */
function answerFor(item: DeliveredItem, random: Random): QuestionResponse {
  switch (item.type) {
    case "single_choice":
      return { type: "single_choice", optionId: random.pick(item.parts).id };
    case "true_false_group":
      return { type: "true_false_group", answers: Object.fromEntries(item.parts.map((part) => [part.id, random.chance(0.5)])) };
    case "short_answer":
      return { type: "short_answer", text: random.chance(0.6) ? "-1,5" : `${random.int(-9, 9)},${random.int(0, 9)}` };
    default:
      return { type: "essay", text: "Bài làm của học sinh.", photoUploadIds: [] } as QuestionResponse;
  }
}

/** JSON with sorted keys: the stored answer and the sent one compare equal whatever order the database keeps. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/**
 * Every student: start (a few press Start twice at once), answer the 40 items in their version's order with a
 * random wait between answers, change some answers later, replay some saves, lose the connection once in a while
 * (the save in flight is dropped, the page reloads the attempt on a new connection and sends the save again), and
 * submit. One request of a student at a time, as the browser's answer queue sends them.
 */
export async function runStudents(options: LoadOptions): Promise<LoadResult> {
  const port = Number(new URL(options.url).port);
  const shared = new http.Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const result: LoadResult = {
    seconds: 0,
    stoppedEarly: false,
    ledger: new Map(),
    attemptOf: new Map(),
    saveMs: [],
    saveWaitMs: [],
    startMs: [],
    resumeMs: [],
    submitMs: [],
    saveOperations: 0,
    saveRequests: 0,
    saveStatus: {},
    otherStatus: {},
    outcomes: {},
    replays: { sent: 0, duplicate: 0, other: 0 },
    reconnects: { done: 0, abortedInFlight: 0, resumeMissing: 0 },
    doubleStarts: { pairs: 0, differentIds: 0 },
    submitted: 0,
    submitStatus: {},
    unfinished: 0,
    savesGivenUp: 0,
    failedSaveAt: [],
    okSave: [],
  };
  const out = () => interrupted || performance.now() >= options.stopAt;
  // At the deadline, requests still waiting (in the pool or at the server) are dropped: the run ends on time.
  const active = new Set<() => void>();
  const deadline = setInterval(() => {
    if (!out()) return;
    for (const abort of active) abort();
    active.clear();
  }, 250);
  const began = performance.now();
  let inFlight = 0;
  let finished = 0;

  // Progress every 10 s: saves acknowledged, their latency in the last window, errors.
  let windowFrom = 0;
  let errorsSeen = 0;
  const progress = setInterval(() => {
    const window = result.saveMs.slice(windowFrom);
    windowFrom = result.saveMs.length;
    const errors = result.failedSaveAt.length - errorsSeen;
    errorsSeen = result.failedSaveAt.length;
    const stats = percentiles(window);
    options.log(
      `  ${fixed((performance.now() - began) / 1000, 0)} s: ${result.attemptOf.size} đã bắt đầu, ${result.saveMs.length} lần lưu được xác nhận (${fixed(window.length / 10, 0)}/s, p50 ${fixed(stats.p50)} ms, p95 ${fixed(stats.p95)} ms), lỗi ${errors}, đang gửi ${inFlight}, xong ${finished}/${options.students.length}, tải ${fixed(os.loadavg()[0]!, 1)}`,
    );
  }, 10_000);

  const student = async (account: StudentAccount, index: number) => {
    const random = seededRandom(options.seed + index * 7919);
    const deviceId = randomBytes(12).toString("hex");
    let agent = shared;
    let ownAgent: http.Agent | undefined;
    const call = (method: string, pathname: string, body?: unknown) => {
      const request = httpRequest(agent, port, method, pathname, account.headers, body, options.requestTimeoutMs);
      active.add(request.abort);
      void request.done.then(() => active.delete(request.abort));
      return request;
    };
    /** A request the browser would repeat (network gone, 5xx, 401 while the server restarts), with its backoff. */
    const withRetry = async (method: string, pathname: string, body: unknown, samples: number[]) => {
      for (let tries = 0; ; tries++) {
        inFlight++;
        const answer = await call(method, pathname, body).done;
        inFlight--;
        count(result.otherStatus, `${method} ${answer.code}`);
        if (answer.status >= 200 && answer.status < 300) samples.push(answer.ms);
        if (!options.retry || !retryable(answer) || out()) return answer;
        await sleep(RETRY_MS[Math.min(tries, RETRY_MS.length - 1)]!);
      }
    };

    await sleep(options.rampSeconds * 1000 * (index / options.students.length) + random.next() * 500);
    if (out()) return;
    const startPath = `/api/v1/assignments/${account.assignmentId}/attempts`;
    let view: AttemptViewBody;
    if (random.chance(options.doubleStartShare)) {
      // Start pressed twice at once (two tabs, a double click): one attempt either way.
      result.doubleStarts.pairs++;
      const [first, second] = await Promise.all([
        withRetry("POST", startPath, { deviceId }, result.startMs),
        withRetry("POST", startPath, { deviceId }, result.startMs),
      ]);
      if (first.status !== 201 || second.status !== 201) return;
      const [a, b] = [first.body as AttemptViewBody, second.body as AttemptViewBody];
      if (a.id !== b.id) result.doubleStarts.differentIds++;
      view = a;
    } else {
      const started = await withRetry("POST", startPath, { deviceId }, result.startMs);
      if (started.status !== 201) return;
      view = started.body as AttemptViewBody;
    }
    const attemptId = view.id;
    result.attemptOf.set(account.id, attemptId);
    const acked = new Map<string, { seq: number; response: QuestionResponse }>();
    result.ledger.set(attemptId, acked);
    const seqs = new Map<string, number>();

    /** Sends one answer until acknowledged, as the answer queue does; `reconnect` drops the connection mid-request. */
    const save = async (itemKey: string, seq: number, response: QuestionResponse, reconnect = false): Promise<boolean> => {
      const pathname = `/api/v1/attempts/${attemptId}/responses/${encodeURIComponent(itemKey)}`;
      for (let tries = 0; ; tries++) {
        const sentAt = performance.now();
        inFlight++;
        result.saveRequests++;
        const request = call("PUT", pathname, { seq, response, deviceId });
        const dropping = reconnect;
        if (reconnect) {
          reconnect = false;
          setTimeout(request.abort, random.int(0, 15));
        }
        const answer = await request.done;
        inFlight--;
        count(result.saveStatus, answer.code);
        if (answer.status === 200) {
          const saved = answer.body as SavedBody;
          count(result.outcomes, saved.outcome);
          result.saveMs.push(answer.ms);
          result.saveWaitMs.push(answer.waitMs);
          result.okSave.push({ sentAt, doneAt: performance.now() });
          if (saved.outcome !== "newer_kept" && saved.seq === seq) {
            const known = acked.get(itemKey);
            if (!known || known.seq <= seq) acked.set(itemKey, { seq, response });
          }
          // The answer came back before the connection dropped: the page reloads all the same.
          if (dropping) await reload();
          return true;
        }
        result.failedSaveAt.push({ at: performance.now(), code: answer.code });
        if (out()) {
          result.savesGivenUp++;
          return false;
        }
        if (answer.code === "ABORTED") {
          // The page reloads on a new connection, reads the attempt back, and the queue sends the answer again.
          result.reconnects.abortedInFlight++;
          await reload();
          continue;
        }
        if (!options.retry || !retryable(answer) || out()) {
          result.savesGivenUp++;
          return false;
        }
        await sleep(RETRY_MS[Math.min(tries, RETRY_MS.length - 1)]!);
      }
    };
    const reload = async () => {
      result.reconnects.done++;
      ownAgent?.destroy();
      ownAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agent = ownAgent;
      const resumed = await withRetry("GET", `/api/v1/attempts/${attemptId}?deviceId=${deviceId}`, undefined, result.resumeMs);
      if (resumed.status !== 200) return;
      const held = (resumed.body as AttemptViewBody).responses;
      for (const [key, known] of acked) if ((held[key]?.seq ?? 0) < known.seq) result.reconnects.resumeMissing++;
    };

    const items = view.items;
    const reconnectAt = random.chance(options.reconnectShare) ? random.int(3, items.length - 3) : -1;
    for (const [position, item] of items.entries()) {
      await sleep(options.saveEverySeconds * 1000 * (0.4 + 1.2 * random.next()));
      if (out()) return;
      const seq = (seqs.get(item.key) ?? 0) + 1;
      seqs.set(item.key, seq);
      const response = answerFor(item, random);
      result.saveOperations++;
      const saved = await save(item.key, seq, response, position === reconnectAt);
      if (saved && random.chance(options.replayShare)) {
        // The same save again (a retry after a lost answer): the server must call it a duplicate.
        result.replays.sent++;
        const pathname = `/api/v1/attempts/${attemptId}/responses/${encodeURIComponent(item.key)}`;
        result.saveRequests++;
        inFlight++;
        const replay = await call("PUT", pathname, { seq, response, deviceId }).done;
        inFlight--;
        count(result.saveStatus, replay.code);
        if (replay.status === 200) {
          result.saveMs.push(replay.ms);
          result.saveWaitMs.push(replay.waitMs);
          const outcome = (replay.body as SavedBody).outcome;
          count(result.outcomes, outcome);
          if (outcome === "duplicate") result.replays.duplicate++;
          else result.replays.other++;
        } else result.replays.other++;
      }
      if (position > 0 && random.chance(options.changeShare)) {
        // Back to an earlier item: a changed answer, the next seq for that item.
        const earlier = items[random.int(0, position - 1)]!;
        const nextSeq = (seqs.get(earlier.key) ?? 0) + 1;
        seqs.set(earlier.key, nextSeq);
        await sleep(options.saveEverySeconds * 1000 * (0.2 + 0.6 * random.next()));
        if (out()) return;
        result.saveOperations++;
        await save(earlier.key, nextSeq, answerFor(earlier, random));
      }
    }
    const submitted = await withRetry("POST", `/api/v1/attempts/${attemptId}/submit`, undefined, result.submitMs);
    const status = submitted.status === 200 ? (submitted.body as { status: string }).status : `HTTP ${submitted.code}`;
    count(result.submitStatus, status);
    if (submitted.status === 200) result.submitted++;
    ownAgent?.destroy();
  };

  await Promise.all(
    options.students.map((account, index) =>
      student(account, index)
        .catch((error: unknown) => options.log(`  lỗi trong học sinh ${index}: ${String(error)}`))
        .finally(() => finished++),
    ),
  );
  clearInterval(progress);
  clearInterval(deadline);
  shared.destroy();
  result.seconds = (performance.now() - began) / 1000;
  result.stoppedEarly = out();
  result.unfinished = options.students.length - result.submitted;
  return result;
}

// ---- After the run: what the database holds ---------------------------------------------------------------------

export interface Verification {
  attempts: number;
  studentsWithoutAttempt: number;
  duplicateAttempts: number;
  /** Items whose acknowledged answer the database does not hold (older seq or missing). */
  lost: number;
  /** Items where the database holds the acknowledged seq but another answer. */
  wrongAnswer: number;
  acknowledgedItems: number;
  statuses: Record<string, number>;
}

/** Reads every attempt of the test and compares it with what each student was told. */
export async function verifyAttempts(setup: QuizSetup, ledger: Ledger): Promise<Verification> {
  const attempts = await Attempt.find(
    { assessmentId: new Types.ObjectId(setup.assessmentId) },
    { studentId: 1, status: 1, collecting: 1, responses: 1 },
  ).lean();
  const perStudent = new Map<string, number>();
  const statuses: Record<string, number> = {};
  const stored = new Map<string, Record<string, { seq: number; response: unknown }>>();
  for (const attempt of attempts) {
    perStudent.set(String(attempt.studentId), (perStudent.get(String(attempt.studentId)) ?? 0) + 1);
    count(statuses, attempt.collecting ? `${attempt.status}, collecting` : attempt.status);
    stored.set(String(attempt._id), (attempt.responses ?? {}) as Record<string, { seq: number; response: unknown }>);
  }
  // Attempts still in progress (a run cut off), and those whose closing has not yet collected them (a submit under way
  // when the load stopped; the sweep finishes it), hold their answers in attempt_answers.
  const open = attempts.filter((attempt) => attempt.status === "in_progress" || attempt.collecting).map((attempt) => attempt._id);
  for (const answer of await AttemptAnswer.find({ attemptId: { $in: open } }).lean<AttemptAnswerDoc[]>())
    stored.get(String(answer.attemptId))![answer.itemKey] = { seq: answer.seq, response: answer.response };
  let lost = 0;
  let wrongAnswer = 0;
  let acknowledgedItems = 0;
  for (const [attemptId, items] of ledger) {
    const held = stored.get(attemptId) ?? {};
    for (const [key, known] of items) {
      acknowledgedItems++;
      const there = held[key];
      if (!there || there.seq < known.seq) lost++;
      else if (there.seq === known.seq && canonical(there.response) !== canonical(known.response)) wrongAnswer++;
    }
  }
  return {
    attempts: attempts.length,
    studentsWithoutAttempt: setup.students.filter((student) => !perStudent.has(student.id)).length,
    duplicateAttempts: [...perStudent.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0),
    lost,
    wrongAnswer,
    acknowledgedItems,
    statuses,
  };
}

/**
 * The cost of each database query a save makes, measured from the benchmark process on the same database (one at a
 * time, after the load): the token lookup, the session lookup, the person, the attempt, and a guarded update that
 * matches nothing (the attempt is submitted), `rounds` times each. Shows which of them dominates a save.
 */
export async function probeQueries(setup: QuizSetup, ledger: Ledger, rounds = 100) {
  const attemptIds = [...ledger.keys()].map((id) => new Types.ObjectId(id));
  const userIds = setup.students.map((student) => new Types.ObjectId(student.id));
  const [tokens, sessions, attempts, users] = await Promise.all([
    AccessToken.estimatedDocumentCount(),
    Session.estimatedDocumentCount(),
    Attempt.estimatedDocumentCount(),
    User.estimatedDocumentCount(),
  ]);
  const time = async (run: (n: number) => Promise<unknown>, times: number) => {
    const samples: number[] = [];
    for (let n = 0; n < times; n++) {
      const started = performance.now();
      await run(n);
      samples.push(performance.now() - started);
    }
    return percentiles(samples);
  };
  const pick = <T>(list: readonly T[], n: number) => list[(n * 7919) % list.length]!;
  const probes: [string, (n: number) => Promise<unknown>][] = [
    [
      `AccessToken.findOne({ _id, tokenHash }) — ${tokens} tokens`,
      () => AccessToken.findOne({ ...tokenRecordKey(`khl_${secret()}`), revokedAt: null, expiresAt: { $gt: new Date() } }).lean(),
    ],
    [`Session.findById(hash) — ${sessions} sessions`, () => Session.findById(sha256Hex(secret())).lean()],
    [
      `User.findOne({ _id, disabledAt: null }) — ${users} users`,
      (n) => User.findOne({ _id: pick(userIds, n), disabledAt: null }, { username: 1, roles: 1 }).lean(),
    ],
    [`Attempt.findById — ${attempts} attempts`, (n) => Attempt.findById(pick(attemptIds, n)).lean()],
    [
      "AttemptAnswer.updateOne({ _id, seq < n }, upsert) — an answer save's write",
      (n) =>
        AttemptAnswer.updateOne(
          { _id: `bench-probe:${n % 40}`, seq: { $lt: n } },
          {
            $set: {
              attemptId: pick(attemptIds, n),
              itemKey: `i${n % 40}`,
              response: { type: "essay" },
              seq: n,
              savedAt: new Date(),
            },
          },
          { upsert: true },
        ),
    ],
  ];
  const scans: [string, (n: number) => Promise<unknown>][] = [
    ["finishOverdueAttempts() — the worker's sweep for attempts past their deadline, every 30 s", () => finishOverdueAttempts()],
  ];
  const lines: string[] = [];
  if (attemptIds.length === 0) return lines;
  for (const [label, run] of probes) {
    const stats = await time(run, rounds);
    lines.push(`${label}: p50 ${fixed(stats.p50, 2)} ms, p95 ${fixed(stats.p95, 2)} ms`);
  }
  for (const [label, run] of scans) {
    const stats = await time(run, 5);
    lines.push(`${label}: p50 ${fixed(stats.p50, 1)} ms (5 runs)`);
  }
  return lines;
}

// `npm run bench:quiz-faults`: the quiz load while the system fails under it (benchmarks.md, row `quiz-faults`).
// Same school, test and simulated students as `bench:quiz` (scripts/bench/quiz-load.ts), fewer of them; at fixed
// times during the run (1) the web process is killed with SIGKILL and started again on the same port a moment later,
// and (2) the database is stopped (SIGKILL by default, or SIGTERM) and started again on the same port with the same
// data. Students retry failed saves with the browser queue's backoff, keeping the seq. Afterwards: acknowledged
// answers the database does not hold (must be 0), whether every attempt can be completed (submitted by its student,
// its result read by the teacher through the API), the saves that failed during each outage and how long each lasted
// as the students saw it. Prints the figures and a summary line; asserts nothing.
// Options (defaults): --students=300 --save-every=2.5 --ramp=10 --connections=100 --class-size=40 --auth=session|token
// --kill-web-at=35 --web-down=2 (seconds after the load starts / before starting again) --restart-db-at=80
// --db-down=2 --db-signal=SIGKILL|SIGTERM --reconnect-share=0.05 --replay-share=0.05 --change-share=0.1
// --double-start-share=0.05 --timeout-ms=120000 --max-load-minutes=8 --seed=20260602.
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { waitFor } from "../services/processes";
import { processTreeRssBytes } from "./process-memory";
import {
  cleanUp,
  conditions,
  connectBenchDatabase,
  disconnectDatabase,
  fixed,
  httpRequest,
  percentiles,
  runStudents,
  settle,
  setupQuiz,
  sleep,
  startQuizStack,
  stopOnSignals,
  verifyAttempts,
  type AuthMode,
  type LoadResult,
} from "./quiz-load";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "300" },
    "save-every": { type: "string", default: "2.5" },
    ramp: { type: "string", default: "10" },
    connections: { type: "string", default: "100" },
    "class-size": { type: "string", default: "40" },
    auth: { type: "string", default: "session" },
    "kill-web-at": { type: "string", default: "35" },
    "web-down": { type: "string", default: "2" },
    "restart-db-at": { type: "string", default: "80" },
    "db-down": { type: "string", default: "2" },
    "db-signal": { type: "string", default: "SIGKILL" },
    "reconnect-share": { type: "string", default: "0.05" },
    "replay-share": { type: "string", default: "0.05" },
    "change-share": { type: "string", default: "0.1" },
    "double-start-share": { type: "string", default: "0.05" },
    "timeout-ms": { type: "string", default: "120000" },
    "max-load-minutes": { type: "string", default: "8" },
    seed: { type: "string", default: "20260602" },
  },
});
const STUDENTS = Number(values.students);
const MAX_LOAD_MINUTES = Number(values["max-load-minutes"]);
const AUTH = values.auth as AuthMode;
const DB_SIGNAL = values["db-signal"] as "SIGKILL" | "SIGTERM";
if (AUTH !== "token" && AUTH !== "session") throw new Error("--auth=token|session");
if (DB_SIGNAL !== "SIGKILL" && DB_SIGNAL !== "SIGTERM") throw new Error("--db-signal=SIGKILL|SIGTERM");

const TAG = "bench:quiz-faults";
const log = (message: string) => console.log(`[${TAG}] ${message}`);
const benchStarted = performance.now();
const MB = 1024 * 1024;

interface Outage {
  what: string;
  /** performance.now() when the process was killed / stopped. */
  downAt: number;
  /** …when it was started again, and when the app answered /healthz with 200 again. */
  restartAt: number;
  healthyAt: number;
}

/** What the students saw of an outage: failed save requests, and the time until a save sent after the fault succeeded. */
function seenByStudents(outage: Outage, load: LoadResult) {
  const firstOk = load.okSave.filter((save) => save.sentAt >= outage.downAt).sort((a, b) => a.doneAt - b.doneAt)[0];
  const until = firstOk?.doneAt ?? Infinity;
  const failed = load.failedSaveAt.filter((failure) => failure.at >= outage.downAt && failure.at <= until);
  const codes: Record<string, number> = {};
  for (const failure of failed) codes[failure.code] = (codes[failure.code] ?? 0) + 1;
  return {
    failed: failed.length,
    codes: Object.entries(codes)
      .map(([code, n]) => `${code}×${n}`)
      .join(","),
    seconds: firstOk ? (firstOk.doneAt - outage.downAt) / 1000 : NaN,
  };
}

async function main() {
  const loadBefore = os.loadavg()[0]!;
  log(`điều kiện trước khi chạy: ${conditions()}`);
  log("khởi động dịch vụ riêng, ứng dụng (bản production) và worker …");
  const stack = await startQuizStack("bench-quiz-faults", log);
  try {
    await connectBenchDatabase(stack);
    log(`tạo trường, ngân hàng câu hỏi, bài kiểm tra 40 câu / 4 mã đề, ${STUDENTS} học sinh …`);
    const setup = await setupQuiz({
      url: stack.url,
      students: STUDENTS,
      classSize: Number(values["class-size"]),
      auth: AUTH,
      log,
    });
    log(`chờ duyệt → chỉ mục tìm kiếm xong (outbox, Meilisearch): ${fixed(await settle(), 0)} s`);
    const healthy = async () =>
      (await fetch(`${stack.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.ok === true;

    const outages: Outage[] = [];
    let faultsDone = false;
    const loadStarted = performance.now();
    const faults = (async () => {
      await sleep(Number(values["kill-web-at"]) * 1000);
      let downAt = performance.now();
      await stack.killWeb();
      log(`  ✗ ${fixed((downAt - loadStarted) / 1000, 0)} s: SIGKILL tiến trình web (cả nhóm tiến trình)`);
      await sleep(Number(values["web-down"]) * 1000);
      let restartAt = performance.now();
      const startMs = await stack.startWeb();
      outages.push({ what: "web SIGKILL", downAt, restartAt, healthyAt: performance.now() });
      log(`  ✓ web chạy lại cùng cổng, /healthz 200 sau ${fixed(startMs / 1000)} s khởi động`);

      await sleep(Math.max(0, loadStarted + Number(values["restart-db-at"]) * 1000 - performance.now()));
      downAt = performance.now();
      await stack.stopDatabase(DB_SIGNAL);
      log(
        `  ✗ ${fixed((downAt - loadStarted) / 1000, 0)} s: ${DB_SIGNAL} cơ sở dữ liệu (dừng sau ${fixed((performance.now() - downAt) / 1000)} s)`,
      );
      await sleep(Number(values["db-down"]) * 1000);
      restartAt = performance.now();
      await stack.startDatabase();
      const dbUp = performance.now();
      await waitFor(healthy, 60_000, 100);
      outages.push({ what: `database ${DB_SIGNAL}`, downAt, restartAt, healthyAt: performance.now() });
      log(
        `  ✓ cơ sở dữ liệu chạy lại cùng cổng, cùng dữ liệu sau ${fixed((dbUp - restartAt) / 1000)} s; ứng dụng /healthz 200 sau thêm ${fixed((performance.now() - dbUp) / 1000)} s`,
      );
      faultsDone = true;
    })();

    const load = await runStudents({
      url: stack.url,
      students: setup.students,
      saveEverySeconds: Number(values["save-every"]),
      rampSeconds: Number(values.ramp),
      connections: Number(values.connections),
      reconnectShare: Number(values["reconnect-share"]),
      replayShare: Number(values["replay-share"]),
      changeShare: Number(values["change-share"]),
      doubleStartShare: Number(values["double-start-share"]),
      requestTimeoutMs: Number(values["timeout-ms"]),
      retry: true,
      stopAt: performance.now() + MAX_LOAD_MINUTES * 60_000,
      seed: Number(values.seed),
      log,
    });
    await faults;
    if (!faultsDone) log("  (tải đã xong trước khi gây hết lỗi)");

    // Completable: students whose submit did not go through try once more, then the teacher reads every result.
    const port = Number(new URL(stack.url).port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const byStudent = new Map(setup.students.map((student) => [student.id, student]));
    const lateSubmits: Record<string, number> = {};
    const results: Record<string, number> = {};
    const resultMs: number[] = [];
    const attempts = [...load.attemptOf.entries()];
    for (let from = 0; from < attempts.length; from += 16) {
      await Promise.all(
        attempts.slice(from, from + 16).map(async ([studentId, attemptId]) => {
          const headers = byStudent.get(studentId)!.headers;
          const view = await httpRequest(agent, port, "GET", `/api/v1/attempts/${attemptId}`, headers, undefined, 30_000).done;
          if (view.status === 200 && (view.body as { status: string }).status === "in_progress") {
            const submitted = await httpRequest(
              agent,
              port,
              "POST",
              `/api/v1/attempts/${attemptId}/submit`,
              headers,
              undefined,
              30_000,
            ).done;
            const key = submitted.status === 200 ? (submitted.body as { status: string }).status : `HTTP ${submitted.code}`;
            lateSubmits[key] = (lateSubmits[key] ?? 0) + 1;
          }
          const result = await httpRequest(
            agent,
            port,
            "GET",
            `/api/v1/attempts/${attemptId}/result`,
            setup.teacherHeaders,
            undefined,
            30_000,
          ).done;
          const key = result.status === 200 ? (result.body as { status: string }).status : `HTTP ${result.code}`;
          results[key] = (results[key] ?? 0) + 1;
          if (result.status === 200) resultMs.push(result.ms);
        }),
      );
    }
    agent.destroy();
    const completable = (results.submitted ?? 0) + (results.auto_submitted ?? 0) + (results.graded ?? 0);

    log("đọc lại mọi bài làm trong cơ sở dữ liệu …");
    const verified = await verifyAttempts(setup, load.ledger);
    const save = percentiles(load.saveMs);
    const acknowledged = load.saveMs.length;
    const errorCodes = Object.entries(load.saveStatus).filter(([code]) => code !== "200");
    const errorsText = errorCodes.map(([code, n]) => `${code}×${n}`).join(",") || "none";
    const rss = await processTreeRssBytes(stack.webPid());

    log(`tải: ${fixed(load.seconds)} s${load.stoppedEarly ? ` (DỪNG Ở GIỚI HẠN ${MAX_LOAD_MINUTES} phút)` : ""}`);
    const seen = outages.map((outage) => ({ outage, ...seenByStudents(outage, load) }));
    for (const { outage, failed, codes, seconds } of seen) {
      log(
        `sự cố "${outage.what}" ở ${fixed((outage.downAt - loadStarted) / 1000, 0)} s: máy chủ ngừng ${fixed((outage.healthyAt - outage.downAt) / 1000)} s (đến khi /healthz 200; khởi động lại mất ${fixed((outage.healthyAt - outage.restartAt) / 1000)} s); học sinh thấy ${fixed(seconds)} s đến lần lưu thành công đầu tiên gửi sau sự cố; ${failed} yêu cầu lưu thất bại trong đó (${codes || "không có"})`,
      );
    }
    log(
      `lưu câu trả lời: ${load.saveOperations} lần đổi câu trả lời, ${load.saveRequests} yêu cầu PUT, ${acknowledged} được xác nhận; p50 ${fixed(save.p50)} ms, p95 ${fixed(save.p95)} ms, p99 ${fixed(save.p99)} ms, max ${fixed(save.max)} ms; lỗi theo mã: ${errorsText}; bỏ cuộc: ${load.savesGivenUp}`,
    );
    log(
      `  kết quả: ${Object.entries(load.outcomes)
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(", ")}`,
    );
    log(
      `  phát lại: ${load.replays.sent} (duplicate ${load.replays.duplicate}, khác ${load.replays.other}); mất kết nối: ${load.reconnects.done} (cắt giữa chừng ${load.reconnects.abortedInFlight}; câu đã xác nhận mà trang tải lại không thấy: ${load.reconnects.resumeMissing})`,
    );
    log(
      `nộp bài trong lúc tải: ${load.submitted}/${STUDENTS} (${Object.entries(load.submitStatus)
        .map(([status, n]) => `${status} ${n}`)
        .join(", ")}); nộp lại sau đó: ${JSON.stringify(lateSubmits)}`,
    );
    log(
      `giáo viên xem kết quả (GET /api/v1/attempts/{id}/result): ${Object.entries(results)
        .map(([status, n]) => `${status} ${n}`)
        .join(", ")}; p50 ${fixed(percentiles(resultMs).p50)} ms → hoàn tất được ${completable}/${STUDENTS}`,
    );
    log(
      `cơ sở dữ liệu: ${verified.attempts} bài làm (${Object.entries(verified.statuses)
        .map(([status, n]) => `${status} ${n}`)
        .join(
          ", ",
        )}), học sinh không có bài: ${verified.studentsWithoutAttempt}, bài làm trùng: ${verified.duplicateAttempts}; ${verified.acknowledgedItems} câu đã xác nhận → mất ${verified.lost}, sai nội dung ${verified.wrongAnswer}`,
    );
    log(
      `worker còn chạy sau sự cố: ${stack.workerAlive() ? "có" : "KHÔNG"}; RSS web (tiến trình mới) cuối: ${fixed(rss / MB)} MB`,
    );
    log(`lỗi API trong nhật ký web: ${stack.failedApiRequests()} (nhật ký: ${stack.logDir})`);
    log(`tải trung bình của máy (1 phút): trước khi chạy ${fixed(loadBefore)}, cuối ${fixed(os.loadavg()[0]!)}`);

    const verdict = (ok: boolean) => (ok ? "met" : "missed");
    console.log(
      [
        "summary:",
        `students=${STUDENTS}`,
        `auth=${AUTH}`,
        `saves=${acknowledged}`,
        `save_requests=${load.saveRequests}`,
        `p50=${fixed(save.p50)}ms`,
        `p95=${fixed(save.p95)}ms`,
        `p99=${fixed(save.p99)}ms`,
        ...seen.map(
          ({ outage, failed, seconds }, index) =>
            `outage${index + 1}=${outage.what.replace(/ /g, "_")}:server_down=${fixed((outage.healthyAt - outage.downAt) / 1000)}s,seen=${fixed(seconds)}s,failed_saves=${failed}`,
        ),
        `errors=${errorsText}`,
        `given_up=${load.savesGivenUp}`,
        `lost=${verified.lost}`,
        `wrong=${verified.wrongAnswer}`,
        `acknowledged_items=${verified.acknowledgedItems}`,
        `duplicate_attempts=${verified.duplicateAttempts}`,
        `completable=${completable}/${STUDENTS}`,
        `worker_alive=${stack.workerAlive()}`,
        `target_lost=0:${verdict(verified.lost === 0 && verified.wrongAnswer === 0)}`,
        `target_completable:${verdict(completable === STUDENTS)}`,
        `load_seconds=${fixed(load.seconds, 0)}`,
        `runtime=${fixed((performance.now() - benchStarted) / 1000, 0)}s`,
        `loadavg_before=${fixed(loadBefore)}`,
      ].join(" "),
    );
  } finally {
    await disconnectDatabase().catch(() => undefined);
    await cleanUp();
  }
}

stopOnSignals(TAG, MAX_LOAD_MINUTES + 20);
await main();
process.exit(0);

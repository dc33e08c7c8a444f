// `npm run bench:quiz`: students taking an online test at once (benchmarks.md, row `quiz`). Starts the app (web +
// worker + private services, demo data), creates a school whose classes are assigned a 40-item test with 4 versions,
// then simulates the students through the public attempts API over node:http with kept-alive connections: each starts
// (some press Start twice), answers the items in their version's order with a random wait, changes some answers,
// replays some saves, loses the connection once in a while (5 %: the save in flight is dropped, the attempt is read
// back on a new connection and the save sent again), and submits. Afterwards every attempt is read from the database
// and compared with what the students were told: an acknowledged answer the database does not hold is lost.
// Prints save latency, throughput, errors, lost answers, duplicate attempts, CPU and peak RSS of the web process,
// the cost of each query a save makes, and a summary line; asserts nothing.
// Options (defaults): --students=2000 --save-every=2.5 (mean seconds between a student's answers, each wait 0.4–1.6×;
// 40 items take ≈ 100 s) --ramp=20 (seconds over which students start) --connections=200 (pooled keep-alive
// connections) --class-size=40 --auth=session|token --reconnect-share=0.05 --replay-share=0.05 --change-share=0.1
// --double-start-share=0.05 --timeout-ms=120000 --max-load-minutes=8 --seed=20260601 --db-timing=on|off (times every
// database command of the web process through the driver's command monitoring, loaded with --import; app code unchanged).
// A realistic pace instead of a fast one: --save-every=15 (≈ 10 min for 40 items).
// --auth=session (default): each student has a signed-in session (written to the database as Lucia stores it; the
// cookie and an Origin header are sent), as students using the quiz page do. --auth=token: a personal access token per
// student instead (found by its record's `_id`, the first bytes of its hash).
import os from "node:os";
import { parseArgs } from "node:util";
import { cpuPercent, cpuSecondsByPart } from "./process-cpu";
import { processTreeRssBytes } from "./process-memory";
import {
  cleanUp,
  conditions,
  connectBenchDatabase,
  dbTimingReport,
  disconnectDatabase,
  fixed,
  percentiles,
  probeQueries,
  runStudents,
  settle,
  setupQuiz,
  sleep,
  startQuizStack,
  stopOnSignals,
  verifyAttempts,
  type AuthMode,
} from "./quiz-load";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "2000" },
    "save-every": { type: "string", default: "2.5" },
    ramp: { type: "string", default: "20" },
    connections: { type: "string", default: "200" },
    "class-size": { type: "string", default: "40" },
    auth: { type: "string", default: "session" },
    "reconnect-share": { type: "string", default: "0.05" },
    "replay-share": { type: "string", default: "0.05" },
    "change-share": { type: "string", default: "0.1" },
    "double-start-share": { type: "string", default: "0.05" },
    "timeout-ms": { type: "string", default: "120000" },
    "max-load-minutes": { type: "string", default: "8" },
    seed: { type: "string", default: "20260601" },
    "db-timing": { type: "string", default: "on" },
  },
});
const STUDENTS = Number(values.students);
const SAVE_EVERY = Number(values["save-every"]);
const MAX_LOAD_MINUTES = Number(values["max-load-minutes"]);
const AUTH = values.auth as AuthMode;
if (AUTH !== "token" && AUTH !== "session") throw new Error("--auth=token|session");

const TAG = "bench:quiz";
const log = (message: string) => console.log(`[${TAG}] ${message}`);
const benchStarted = performance.now();
const MB = 1024 * 1024;

async function main() {
  const loadBefore = os.loadavg()[0]!;
  log(`điều kiện trước khi chạy: ${conditions()}`);
  log("khởi động dịch vụ riêng, ứng dụng (bản production) và worker …");
  const stack = await startQuizStack("bench-quiz", log, { dbTiming: values["db-timing"] !== "off" });
  try {
    await connectBenchDatabase(stack);
    log(`tạo trường, ngân hàng câu hỏi, bài kiểm tra 40 câu / 4 mã đề, ${STUDENTS} học sinh …`);
    const setupStarted = performance.now();
    const setup = await setupQuiz({
      url: stack.url,
      students: STUDENTS,
      classSize: Number(values["class-size"]),
      auth: AUTH,
      log,
    });
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    log(`chờ duyệt → chỉ mục tìm kiếm xong (outbox, Meilisearch): ${fixed(await settle(), 0)} s`);
    const idle = await cpuSecondsByPart();
    await sleep(10_000);
    log(`CPU khi chưa có tải (10 s, % của một lõi): ${cpuPercent(idle, await cpuSecondsByPart(), 10)}`);
    const rssBefore = await processTreeRssBytes(stack.webPid());
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      void processTreeRssBytes(stack.webPid()).then((rss) => (rssPeak = Math.max(rssPeak, rss)));
    }, 500);

    log(
      `${STUDENTS} học sinh làm bài (${values.auth === "token" ? "mã truy cập cá nhân" : "cookie phiên"}; trung bình ${SAVE_EVERY} s giữa hai câu ≈ ${fixed(STUDENTS / SAVE_EVERY, 0)} lần lưu/s khi tất cả đang làm; bắt đầu rải trong ${values.ramp} s; ${values.connections} kết nối keep-alive) …`,
    );
    const loadAverageAtStart = os.loadavg()[0]!;
    const cpuBefore = await cpuSecondsByPart();
    const timingBefore = { web: stack.dbTiming("web"), worker: stack.dbTiming("worker") };
    const load = await runStudents({
      url: stack.url,
      students: setup.students,
      saveEverySeconds: SAVE_EVERY,
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
    const cpu = cpuPercent(cpuBefore, await cpuSecondsByPart(), load.seconds);
    clearInterval(sampler);
    const loadAverageAtEnd = os.loadavg()[0]!;
    await sleep(1_500);
    const timing = dbTimingReport(timingBefore.web, stack.dbTiming("web"), load.saveRequests);
    const workerTiming = dbTimingReport(timingBefore.worker, stack.dbTiming("worker"), 0);

    log("đọc lại mọi bài làm trong cơ sở dữ liệu …");
    const verified = await verifyAttempts(setup, load.ledger);
    log("thời gian từng truy vấn của một lần lưu (từ tiến trình đo, lần lượt, sau khi hết tải) …");
    const probes = await probeQueries(setup, load.ledger);

    const save = percentiles(load.saveMs);
    const wait = percentiles(load.saveWaitMs);
    const start = percentiles(load.startMs);
    const submit = percentiles(load.submitMs);
    const resume = percentiles(load.resumeMs);
    const acknowledged = load.saveMs.length;
    // Busiest 10 s of acknowledged saves.
    const buckets = new Map<number, number>();
    for (const save of load.okSave)
      buckets.set(Math.floor(save.doneAt / 10_000), (buckets.get(Math.floor(save.doneAt / 10_000)) ?? 0) + 1);
    const peakRate = Math.max(0, ...buckets.values()) / 10;
    const errorCodes = Object.entries(load.saveStatus).filter(([code]) => code !== "200");
    const errors = errorCodes.reduce((sum, [, n]) => sum + n, 0);
    const errorsText = errorCodes.map(([code, n]) => `${code}×${n}`).join(",") || "none";

    log(
      `thiết lập: ${fixed(setupSeconds)} s; tải: ${fixed(load.seconds)} s${load.stoppedEarly ? ` (DỪNG Ở GIỚI HẠN ${MAX_LOAD_MINUTES} phút)` : ""}`,
    );
    log(
      `lưu câu trả lời: ${load.saveOperations} lần học sinh đổi câu trả lời, ${load.saveRequests} yêu cầu PUT (gồm gửi lại và phát lại), ${acknowledged} được xác nhận (${fixed(acknowledged / load.seconds, 0)}/s trung bình, ${fixed(peakRate, 0)}/s trong 10 s bận nhất)`,
    );
    log(
      `  độ trễ lưu (HTTP 200): p50 ${fixed(save.p50)} ms, p95 ${fixed(save.p95)} ms, p99 ${fixed(save.p99)} ms, max ${fixed(save.max)} ms; trong đó chờ kết nối trong pool: p50 ${fixed(wait.p50)} ms, p95 ${fixed(wait.p95)} ms`,
    );
    log(
      `  kết quả: ${Object.entries(load.outcomes)
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(", ")}; lỗi theo mã: ${errorsText}`,
    );
    log(
      `  phát lại cùng seq: ${load.replays.sent} (duplicate ${load.replays.duplicate}, khác ${load.replays.other}); mất kết nối: ${load.reconnects.done} (yêu cầu bị cắt giữa chừng ${load.reconnects.abortedInFlight}; câu đã xác nhận mà trang tải lại không thấy: ${load.reconnects.resumeMissing})`,
    );
    log(
      `bắt đầu làm bài: p50 ${fixed(start.p50)} ms, p95 ${fixed(start.p95)} ms (${start.count}; bấm hai lần cùng lúc: ${load.doubleStarts.pairs}, khác mã bài làm: ${load.doubleStarts.differentIds}); tải lại bài: p50 ${fixed(resume.p50)} ms (${resume.count}); nộp bài: p50 ${fixed(submit.p50)} ms, p95 ${fixed(submit.p95)} ms`,
    );
    log(
      `các yêu cầu khác theo mã: ${Object.entries(load.otherStatus)
        .map(([key, n]) => `${key}×${n}`)
        .join(", ")}`,
    );
    log(
      `nộp bài: ${load.submitted}/${STUDENTS} (${Object.entries(load.submitStatus)
        .map(([status, n]) => `${status} ${n}`)
        .join(", ")}); lần lưu bỏ cuộc: ${load.savesGivenUp}`,
    );
    log(
      `cơ sở dữ liệu: ${verified.attempts} bài làm (${Object.entries(verified.statuses)
        .map(([status, n]) => `${status} ${n}`)
        .join(
          ", ",
        )}), học sinh không có bài: ${verified.studentsWithoutAttempt}, bài làm trùng: ${verified.duplicateAttempts}; ${verified.acknowledgedItems} câu đã xác nhận → mất ${verified.lost}, sai nội dung ${verified.wrongAnswer}`,
    );
    log(`CPU trong lúc tải (% của một lõi, ${os.availableParallelism()} lõi): ${cpu}`);
    log(`RSS tiến trình web: trước ${fixed(rssBefore / MB)} MB, đỉnh ${fixed(rssPeak / MB)} MB`);
    log(
      `tải trung bình của máy (1 phút): trước khi chạy ${fixed(loadBefore)}, đầu tải ${fixed(loadAverageAtStart)}, cuối tải ${fixed(loadAverageAtEnd)}`,
    );
    log(`lỗi API trong nhật ký web: ${stack.failedApiRequests()} (nhật ký: ${stack.logDir})`);
    log("lệnh cơ sở dữ liệu của tiến trình web trong lúc tải (driver command monitoring; tốn nhiều nhất trước):");
    for (const line of timing) log(`  ${line}`);
    log("…và của worker trong cùng lúc:");
    for (const line of workerTiming.slice(0, 6)) log(`  ${line}`);
    log("từng truy vấn, đo lần lượt từ tiến trình đo sau khi hết tải:");
    for (const line of probes) log(`  ${line}`);

    const cpuOf = (label: string) =>
      /(\d+)%/.exec(cpu.split(", ").find((part) => part.startsWith(`${label} `)) ?? "")?.[1] ?? "?";
    const verdict = (ok: boolean) => (ok ? "met" : "missed");
    console.log(
      [
        "summary:",
        `students=${STUDENTS}`,
        `auth=${AUTH}`,
        `save_every=${SAVE_EVERY}s`,
        `started=${load.attemptOf.size}/${STUDENTS}`,
        `start_p95=${fixed(start.p95, 0)}ms`,
        `saves=${acknowledged}`,
        `save_requests=${load.saveRequests}`,
        `throughput=${fixed(acknowledged / load.seconds, 0)}/s`,
        `peak_10s=${fixed(peakRate, 0)}/s`,
        `p50=${fixed(save.p50)}ms`,
        `p95=${fixed(save.p95)}ms`,
        `p99=${fixed(save.p99)}ms`,
        `max=${fixed(save.max)}ms`,
        `errors=${errors}(${errorsText})`,
        `lost=${verified.lost}`,
        `wrong=${verified.wrongAnswer}`,
        `acknowledged_items=${verified.acknowledgedItems}`,
        `duplicate_attempts=${verified.duplicateAttempts}`,
        `submitted=${load.submitted}/${STUDENTS}`,
        `cpu_web=${cpuOf("web")}%`,
        `cpu_db=${cpuOf("FerretDB")}%`,
        `cpu_bench=${cpuOf("benchmark")}%`,
        `web_rss_peak=${fixed(rssPeak / MB, 0)}MB`,
        `target_p95<100ms=${verdict(save.p95 < 100)}`,
        `target_p99<250ms=${verdict(save.p99 < 250)}`,
        `target_lost=0:${verdict(verified.lost === 0 && verified.wrongAnswer === 0)}`,
        `load_seconds=${fixed(load.seconds, 0)}`,
        `stopped_early=${load.stoppedEarly}`,
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

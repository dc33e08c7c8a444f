// `npm run bench:upload [-- --size-mb=2048]`: one large video uploaded through the public API exactly as a client
// does (presigned multipart straight to storage), interrupted once mid-part and resumed from the parts storage kept,
// then processed by the worker. Prints throughput and the web process's memory, which must not grow with the file.
import { mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { createAccessToken } from "~/auth/access-tokens.server";
import { actorOf } from "~/auth/session.server";
import { upsertUser } from "~/domain/people/upsert-user.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { startApp } from "../../tests/support/app-server";
import { ffmpeg, paddedVideo } from "../../tests/support/material-files";
import { processTreeIoBytes, processTreeRssBytes } from "./process-memory";

const { values } = parseArgs({ options: { "size-mb": { type: "string", default: "2048" } } });
const sizeMb = Number(values["size-mb"]);
const MB = 1024 * 1024;

/** A real 8-second video padded to the requested size. */
async function makeVideo(dir: string): Promise<string> {
  const lesson = path.join(dir, "lesson.mp4");
  await ffmpeg(
    ...["-f", "lavfi", "-i", "testsrc=duration=8:size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=duration=8"],
    ...[
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-shortest",
      "-movflags",
      "+faststart",
      lesson,
    ],
  );
  const file = path.join(dir, "bai-giang.mp4");
  await paddedVideo(lesson, file, sizeMb * MB);
  return file;
}

const log = (message: string) => console.log(`[bench:upload] ${message}`);

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "khl-bench-upload-"));
  log(`tạo tệp video ${sizeMb} MB …`);
  const file = await makeVideo(dir);
  const size = (await stat(file)).size;
  log("khởi động ứng dụng, worker và dịch vụ riêng …");
  const app = await startApp();
  try {
    // The benchmark's own database writes (account and token) use the app's private services.
    Object.assign(process.env, app.services.env);
    await connectDatabase(app.services.env.MONGODB_URI);
    const id = await upsertUser({
      username: "bench.upload",
      fullName: "Giáo viên đo tải lên",
      organisationCode: "THCS-NGUYEN-DU",
      roles: [{ role: "teacher", organisationCode: "THCS-NGUYEN-DU" }],
      initialPassword: "bench-upload-2026",
      mustChangePassword: false,
    });
    const actor = actorOf((await User.findById(id, USER_PROFILE_FIELDS).lean<UserProfile>())!, "");
    const token = await createAccessToken(actor, { name: "bench", scopes: ["read", "write"], lifetimeDays: 1 }, "127.0.0.1");
    await disconnectDatabase();

    const api = async <T>(pathname: string, init: RequestInit = {}): Promise<T> => {
      const response = await fetch(`${app.url}/api/v1${pathname}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
      });
      const body = (await response.json()) as T & { detail?: string };
      if (!response.ok) throw new Error(`${pathname}: ${response.status} ${body.detail ?? ""}`);
      return body;
    };

    // Warm-up: one small upload end to end loads the code paths (S3 client, file-type, models) before the baseline.
    const lesson = await readFile(path.join(dir, "lesson.mp4"));
    const warmUp = await api<{ id: string }>("/uploads", {
      method: "POST",
      body: JSON.stringify({ purpose: "video", fileName: "khoi-dong.mp4", size: lesson.length }),
    });
    const warmUpPart = await api<{ url: string }>(`/uploads/${warmUp.id}/parts/1`);
    const etag = (await fetch(warmUpPart.url, { method: "PUT", body: lesson })).headers.get("etag");
    await api(`/uploads/${warmUp.id}/complete`, { method: "POST", body: JSON.stringify({ parts: [{ partNumber: 1, etag }] }) });
    const rssBefore = await processTreeRssBytes(app.webPid);
    // Peaks per phase: while the bytes travel (the web process only signs parts and checks the result) and
    // while the worker processes (the web process only answers status polls).
    const peaks = { upload: rssBefore, processing: rssBefore };
    let phase: keyof typeof peaks = "upload";
    const sampler = setInterval(() => {
      void processTreeRssBytes(app.webPid).then((rss) => (peaks[phase] = Math.max(peaks[phase], rss)));
    }, 100);

    const ioBefore = await processTreeIoBytes(app.webPid);
    const started = performance.now();
    const upload = await api<{ id: string; partSize: number }>("/uploads", {
      method: "POST",
      body: JSON.stringify({ purpose: "video", fileName: "bai-giang.mp4", size }),
    });
    const partCount = Math.ceil(size / upload.partSize);
    const interruptAt = Math.max(1, Math.floor(partCount / 2));
    const handle = await open(file);
    const sendPart = async (partNumber: number, signal?: AbortSignal) => {
      const buffer = Buffer.alloc(Math.min(upload.partSize, size - (partNumber - 1) * upload.partSize));
      await handle.read(buffer, 0, buffer.length, (partNumber - 1) * upload.partSize);
      const { url } = await api<{ url: string }>(`/uploads/${upload.id}/parts/${partNumber}`);
      const response = await fetch(url, { method: "PUT", body: buffer, signal });
      if (!response.ok) throw new Error(`part ${partNumber}: ${response.status}`);
    };
    for (let partNumber = 1; partNumber < interruptAt; partNumber++) await sendPart(partNumber);
    // The connection drops in the middle of a part: that part is lost, the earlier ones stay in storage.
    const cut = new AbortController();
    setTimeout(() => cut.abort(), 20);
    await sendPart(interruptAt, cut.signal).catch(() => log(`kết nối bị cắt giữa phần ${interruptAt}/${partCount}`));
    const kept = await api<{ items: { partNumber: number }[] }>(`/uploads/${upload.id}/parts`);
    const have = new Set(kept.items.map((part) => part.partNumber));
    log(`tải tiếp: kho đã giữ ${have.size} phần, gửi ${partCount - have.size} phần còn lại`);
    for (let partNumber = 1; partNumber <= partCount; partNumber++) if (!have.has(partNumber)) await sendPart(partNumber);
    await handle.close();
    const parts = (await api<{ items: { partNumber: number; etag: string }[] }>(`/uploads/${upload.id}/parts`)).items;
    await api(`/uploads/${upload.id}/complete`, { method: "POST", body: JSON.stringify({ parts }) });
    const uploadSeconds = (performance.now() - started) / 1000;
    // Everything the web process read or wrote (files, sockets) while the file travelled: bodies go to storage directly.
    const uploadIo = (await processTreeIoBytes(app.webPid)) - ioBefore;

    const material = await api<{ id: string }>("/materials", {
      method: "POST",
      body: JSON.stringify({ kind: "video", uploadId: upload.id, title: "Video đo tải lên", subjectCode: "TOAN", grades: [6] }),
    });
    phase = "processing";
    const processingStarted = performance.now();
    let processing = { state: "queued", durationSeconds: null as number | null };
    let derived: { role: string }[] = [];
    while (processing.state === "queued" || processing.state === "running") {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ({ processing, derived } = await api<{ processing: typeof processing; derived: typeof derived }>(
        `/materials/${material.id}/processing`,
      ));
    }
    const processingSeconds = (performance.now() - processingStarted) / 1000;
    clearInterval(sampler);
    const rssAfter = await processTreeRssBytes(app.webPid);

    const mb = (bytes: number) => (bytes / MB).toFixed(1);
    log(`tệp: ${mb(size)} MB, ${partCount} phần × ${mb(upload.partSize)} MB, ngắt 1 lần ở phần ${interruptAt}`);
    log(`tải lên + kiểm tra: ${uploadSeconds.toFixed(1)} s (${(size / MB / uploadSeconds).toFixed(0)} MB/s qua loopback)`);
    log(`tiến trình web đọc/ghi trong lúc tải lên: ${mb(uploadIo)} MB (tệp ${mb(size)} MB đi thẳng vào kho lưu trữ)`);
    log(
      `xử lý (SHA-256, thời lượng, ảnh bìa): ${processingSeconds.toFixed(1)} s → ${processing.state}, thời lượng ${processing.durationSeconds} s, tệp phái sinh: ${derived.map((file) => file.role).join(", ")}`,
    );
    log(
      `RSS tiến trình web: trước ${mb(rssBefore)} MB, đỉnh khi tải lên ${mb(peaks.upload)} MB, đỉnh khi xử lý ${mb(peaks.processing)} MB, sau ${mb(rssAfter)} MB`,
    );
    console.log(
      `summary: size=${mb(size)}MB upload=${uploadSeconds.toFixed(1)}s processing=${processingSeconds.toFixed(1)}s state=${processing.state} web_io_during_upload=${mb(uploadIo)}MB web_rss_growth_upload=${mb(peaks.upload - rssBefore)}MB web_rss_growth_processing=${mb(peaks.processing - rssBefore)}MB`,
    );
  } finally {
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);

// The media-tool wrappers against the real FFmpeg, LibreOffice and Poppler: every input is made on
// the fly in a temporary folder (video, audio, images, .docx, .pptx, PDFs, corrupt files).
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  convertToPdf,
  DerivationError,
  extractPosterFrame,
  makeThumbnail,
  missingMediaTools,
  probeMedia,
  renderPdfPages,
} from "~/domain/materials/derive/media-tools.server";
import { ffmpeg, LESSON_FODT, minimalPdf, noise, SLIDES_FODP, sofficeConvert } from "../support/material-files";

let dir = "";
const at = (name: string) => path.join(dir, name);

function imageSize(file: string) {
  const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", file], {
    encoding: "utf8",
  });
  const [width, height] = probe.stdout.trim().split(",").map(Number);
  return { width, height };
}

/** The RGB colour at (x, y) of an image. */
function pixel(file: string, x: number, y: number) {
  const raw = spawnSync(
    "ffmpeg",
    ["-v", "error", "-i", file, "-vf", `format=rgb24,crop=2:2:${x}:${y}`, "-frames:v", "1", "-f", "rawvideo", "-"],
    { encoding: "buffer" },
  ).stdout;
  return [raw[0], raw[1], raw[2]];
}

async function isJpeg(file: string) {
  const bytes = await readFile(file);
  return bytes[0] === 0xff && bytes[1] === 0xd8;
}

/** A zip that is not an office document, named .pptx: LibreOffice itself has to refuse it. */
async function zipNamedPptx(file: string) {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from("Xin chào, đây không phải bài trình chiếu.".repeat(50)), "ghi-chu.txt");
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  await writeFile(file, Buffer.concat(chunks));
}

/** Live processes whose command line mentions `text` (zombies have an empty one). */
async function processesMentioning(text: string) {
  const found: string[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = (await readFile(`/proc/${entry}/cmdline`, "utf8")).replaceAll("\0", " ");
      if (commandLine.includes(text)) found.push(`${entry}: ${commandLine}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** What `promise` rejects with; the handler is attached at once, so several can run side by side. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

async function derivationError(promise: Promise<unknown>) {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DerivationError);
  return error as DerivationError;
}

beforeAll(async () => {
  const missing = await missingMediaTools();
  if (missing.length > 0) {
    throw new Error(`Thiếu ${missing.join(", ")}: chạy \`npm test\` (cài tự động khi chạy bằng root) hoặc cài bằng apt-get.`);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), "khl-media-tools-"));
  await writeFile(at("lesson.fodt"), LESSON_FODT);
  await writeFile(at("slides.fodp"), SLIDES_FODP);
  await Promise.all([
    sofficeConvert(dir, "lesson.fodt", "docx", "profile-docx"),
    sofficeConvert(dir, "slides.fodp", "pptx", "profile-pptx"),
    ffmpeg(
      ...["-f", "lavfi", "-i", "testsrc=duration=3:size=1920x1080:rate=10", "-f", "lavfi", "-i", "sine=frequency=440:duration=3"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", at("lesson.mp4")],
    ),
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", at("tone.wav")),
    // 800×600, transparent except a blue square at (100…300, 100…300).
    ffmpeg(
      ...[
        "-f",
        "lavfi",
        "-i",
        "color=c=blue:s=800x600,format=rgba,geq=r=0:g=0:b=255:a='if(between(X,100,300)*between(Y,100,300),255,0)'",
      ],
      ...["-frames:v", "1", at("diagram.png")],
    ),
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=1024x768", "-frames:v", "1", at("photo.jpg")),
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=200x150", "-frames:v", "1", at("small.jpg")),
    ffmpeg("-f", "lavfi", "-i", "testsrc=duration=1:size=640x480:rate=5", at("animation.gif")),
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=640x480", "-frames:v", "1", at("picture.webp")),
    writeFile(at("twelve-pages.pdf"), minimalPdf(12)),
    writeFile(at("broken.mp4"), noise(20_000)),
    writeFile(at("broken.pptx"), noise(20_000)),
    writeFile(at("broken.pdf"), noise(20_000)),
    writeFile(at("broken.png"), noise(20_000)),
    zipNamedPptx(at("not-slides.pptx")),
  ]);
  // A phone video held upright: stored 1920×1080, shown rotated by 90°.
  await ffmpeg("-i", at("lesson.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90", at("upright.mp4"));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("probeMedia", () => {
  it("reads duration, size and streams of a video", async () => {
    const media = await probeMedia(at("lesson.mp4"));
    expect(media.durationSeconds).toBeCloseTo(3, 0);
    expect(media).toMatchObject({ width: 1920, height: 1080, hasVideo: true, hasAudio: true });
    expect(media.formatName).toContain("mp4");
  });

  it("reports the display size of a video recorded rotated", async () => {
    expect(await probeMedia(at("upright.mp4"))).toMatchObject({ width: 1080, height: 1920 });
  });

  it("reads an audio file", async () => {
    const media = await probeMedia(at("tone.wav"));
    expect(media).toMatchObject({ hasVideo: false, hasAudio: true, width: null, height: null, formatName: "wav" });
    expect(media.durationSeconds).toBeCloseTo(2, 1);
  });
});

describe("extractPosterFrame", () => {
  it("writes one JPEG frame at most 1280 px wide, keeping the aspect ratio", async () => {
    await extractPosterFrame(at("lesson.mp4"), at("poster.jpg"), 1.5);
    expect(await isJpeg(at("poster.jpg"))).toBe(true);
    expect(imageSize(at("poster.jpg"))).toEqual({ width: 1280, height: 720 });
  });

  it("falls back to the first frame when asked for a moment past the end", async () => {
    await extractPosterFrame(at("lesson.mp4"), at("poster-late.jpg"), 60);
    expect(await isJpeg(at("poster-late.jpg"))).toBe(true);
    expect(imageSize(at("poster-late.jpg")).width).toBeLessThanOrEqual(1280);
  });
});

describe("makeThumbnail", () => {
  it("scales an image down to 480 px wide and puts transparency on white", async () => {
    await makeThumbnail(at("diagram.png"), at("diagram-thumb.jpg"));
    expect(await isJpeg(at("diagram-thumb.jpg"))).toBe(true);
    expect(imageSize(at("diagram-thumb.jpg"))).toEqual({ width: 480, height: 360 });
    const [red = 0, green = 0, blue = 0] = pixel(at("diagram-thumb.jpg"), 10, 10);
    expect(Math.min(red, green, blue)).toBeGreaterThan(240); // was transparent: white, not black
    const [squareRed = 255, , squareBlue = 0] = pixel(at("diagram-thumb.jpg"), 120, 120);
    expect(squareBlue).toBeGreaterThan(200);
    expect(squareRed).toBeLessThan(40);
  });

  it.each(["photo.jpg", "animation.gif", "picture.webp"])("makes a JPEG thumbnail of %s", async (name) => {
    const out = at(`${name}.thumb.jpg`);
    await makeThumbnail(at(name), out, 320);
    expect(await isJpeg(out)).toBe(true);
    expect(imageSize(out).width).toBe(320);
  });

  it("never enlarges a small image", async () => {
    await makeThumbnail(at("small.jpg"), at("small-thumb.jpg"));
    expect(imageSize(at("small-thumb.jpg"))).toEqual({ width: 200, height: 150 });
  });
});

describe("convertToPdf and renderPdfPages", () => {
  it("converts a .pptx and a .docx side by side, then renders the slides as page images", async () => {
    const [slidesPdf, lessonPdf] = await Promise.all([
      convertToPdf(at("slides.pptx"), at("pdf")),
      convertToPdf(at("lesson.docx"), at("pdf")),
    ]);
    expect(slidesPdf).toBe(at("pdf/slides.pdf"));
    expect(lessonPdf).toBe(at("pdf/lesson.pdf"));
    expect((await readFile(lessonPdf)).subarray(0, 5).toString()).toBe("%PDF-");
    const text = spawnSync("pdftotext", [lessonPdf, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain("Bài 1: Phân số");

    const { pageCount, pages } = await renderPdfPages(slidesPdf, at("slide-pages"), { maxPages: 10, widthPx: 640 });
    expect(pageCount).toBe(3);
    expect(pages.map((page) => path.basename(page))).toEqual(["page-1.jpg", "page-2.jpg", "page-3.jpg"]);
    for (const page of pages) {
      expect(await isJpeg(page)).toBe(true);
      expect(imageSize(page).width).toBe(640);
    }
  });

  it("renders at most maxPages, in page order, whatever the zero-padding", async () => {
    const { pageCount, pages } = await renderPdfPages(at("twelve-pages.pdf"), at("twelve"), { maxPages: 11, widthPx: 200 });
    expect(pageCount).toBe(12);
    expect(pages).toHaveLength(11);
    expect(pages.map((page) => Number(/page-(\d+)\.jpg$/.exec(page)?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const { width, height = 0 } = imageSize(pages[0] ?? "");
    expect(width).toBe(200);
    expect(Math.abs(height - (200 * 842) / 595)).toBeLessThan(1.5); // A4 kept upright

    expect(await renderPdfPages(at("twelve-pages.pdf"), at("none"), { maxPages: 0, widthPx: 200 })).toEqual({
      pageCount: 12,
      pages: [],
    });
  });
});

describe("failures", () => {
  it("rejects corrupt files with a reason in Vietnamese and leaves no process behind", async () => {
    const cases = Object.entries({
      "probe broken.mp4": probeMedia(at("broken.mp4")),
      "poster of broken.mp4": extractPosterFrame(at("broken.mp4"), at("broken-poster.jpg"), 1),
      "thumbnail of broken.png": makeThumbnail(at("broken.png"), at("broken-thumb.jpg")),
      "PDF of broken.pptx": convertToPdf(at("broken.pptx"), at("broken-pdf")),
      "PDF of not-slides.pptx": convertToPdf(at("not-slides.pptx"), at("broken-pdf")),
      "pages of broken.pdf": renderPdfPages(at("broken.pdf"), at("broken-pages"), { maxPages: 3, widthPx: 200 }),
    }).map(([name, promise]) => [name, rejection(promise)] as const);
    for (const [name, outcome] of cases) {
      const error = await outcome;
      expect(error, name).toBeInstanceOf(DerivationError);
      if (!(error instanceof DerivationError)) continue;
      expect(error.kind, name).toBe("unreadable");
      expect(error.reason, name).toMatch(/^Không (đọc|chuyển) được .+: tệp hỏng/);
      expect(error.message, name).not.toBe(error.reason); // technical detail for the logs
    }
    expect((await readdir(at("broken-pdf"))).filter((name) => name.endsWith(".pdf"))).toEqual([]);
    await expect.poll(() => processesMentioning(dir), { timeout: 2_000 }).toEqual([]);
  });

  it("stops LibreOffice and all its helpers when a conversion takes too long", async () => {
    const started = Date.now();
    const error = await derivationError(convertToPdf(at("slides.pptx"), at("slow"), { timeoutMs: 500 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.kind).toBe("timeout");
    expect(error.reason).toBe("Chuyển đổi sang PDF quá thời gian cho phép (0,5 giây).");
    await expect.poll(() => processesMentioning(dir), { timeout: 2_000 }).toEqual([]);
  });

  it("times out FFmpeg too", async () => {
    const error = await derivationError(extractPosterFrame(at("lesson.mp4"), at("slow.jpg"), 1, { timeoutMs: 1 }));
    expect(error.kind).toBe("timeout");
    expect(error.reason).toBe("Tạo ảnh đại diện cho video quá thời gian cho phép (0,001 giây).");
    await expect.poll(() => processesMentioning(dir), { timeout: 2_000 }).toEqual([]);
  });

  it("says which tool the server lacks", async () => {
    const emptyPath = at("empty-bin");
    await mkdir(emptyPath, { recursive: true });
    const savedPath = process.env.PATH;
    process.env.PATH = emptyPath;
    try {
      expect(await missingMediaTools()).toEqual(["ffmpeg", "ffprobe", "soffice", "pdftoppm", "pdfinfo"]);
      const error = await derivationError(convertToPdf(at("slides.pptx"), at("no-tool")));
      expect(error.kind).toBe("missing-tool");
      expect(error.reason).toBe("Máy chủ thiếu công cụ LibreOffice để tạo bản xem trước; hãy báo quản trị viên.");
    } finally {
      process.env.PATH = savedPath;
    }
    expect(await missingMediaTools()).toEqual([]);
  });
});

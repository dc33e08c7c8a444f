// Thin wrappers around the system tools the background workers use to make derived files of
// uploaded learning materials (posters, thumbnails, PDF previews, page images): FFmpeg,
// LibreOffice and Poppler. Every call runs the tool directly (argument array, never a shell) in
// its own process group, with a timeout that kills the whole group and a bounded stderr tail.
// Failures become a DerivationError: a Vietnamese `reason` for teachers, technical `message` for logs.
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";

export const MEDIA_TOOLS = ["ffmpeg", "ffprobe", "soffice", "pdftoppm", "pdfinfo"] as const;
export type MediaTool = (typeof MEDIA_TOOLS)[number];

/** Default time limit per call, in milliseconds; every function takes `timeoutMs` to override it. */
export const MEDIA_TOOL_TIMEOUTS: Record<MediaTool, number> = {
  ffprobe: 30_000,
  ffmpeg: 120_000,
  soffice: 180_000,
  pdftoppm: 120_000,
  pdfinfo: 30_000,
};

export interface ToolCallOptions {
  timeoutMs?: number;
}

/**
 * Why a derived file could not be made. `kind` is the stable id a worker decides on:
 * `unreadable` (bad upload — retrying will not help), `timeout`, `missing-tool` (server set-up),
 * `failed` (anything else the tool reported).
 */
export type DerivationErrorKind = "unreadable" | "timeout" | "missing-tool" | "failed";

export class DerivationError extends Error {
  override name = "DerivationError";
  readonly kind: DerivationErrorKind;
  /**
   * @param message technical detail for logs (the tool's command line and stderr tail)
   * @param reason one Vietnamese sentence a teacher can read
   */
  constructor(
    message: string,
    readonly reason: string,
    options: ErrorOptions & { kind?: DerivationErrorKind } = {},
  ) {
    super(message, options);
    this.kind = options.kind ?? "unreadable";
  }
}

const derivationError = (kind: DerivationErrorKind, reason: string, message: string, options: ErrorOptions = {}) =>
  new DerivationError(message, reason, { ...options, kind });

const TOOL_NAMES: Record<MediaTool, string> = {
  ffmpeg: "FFmpeg",
  ffprobe: "FFmpeg",
  soffice: "LibreOffice",
  pdftoppm: "Poppler (pdftoppm)",
  pdfinfo: "Poppler (pdfinfo)",
};

const STDERR_TAIL_CHARS = 8 * 1024;
const STDOUT_MAX_CHARS = 4 * 1024 * 1024;
/** After the tool exits, how long helpers it left behind may keep its output pipes open. */
const PIPE_GRACE_MS = 2_000;

/** Process groups still running, killed if this process exits first (a worker stopped mid-job). */
const runningGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of runningGroups) killGroup(pid);
});

function killGroup(pid: number) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}

const seconds = (ms: number) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 }).format(ms / 1000);

interface ToolCall {
  /** What the call does, in Vietnamese, for the timeout reason ("Chuyển đổi sang PDF"). */
  operation: string;
  /** The reason given when the tool fails (exits non-zero). */
  unreadable: string;
  timeoutMs: number;
}

/**
 * Runs `tool args…` as the leader of a new process group; resolves with its output when it exits 0.
 * On timeout the whole group is killed (LibreOffice starts helpers); helpers left after a normal
 * exit are killed too.
 */
function runTool(tool: MediaTool, args: string[], call: ToolCall): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const { pid } = child;
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let overflow = false;
    let settled = false;
    const detail = () => `${tool} ${args.join(" ")}${stderr.trim() ? `\n${stderr.trim()}` : ""}`;
    const settle = (error?: DerivationError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ stdout, stderr });
    };

    if (pid !== undefined) runningGroups.add(pid);
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killGroup(pid);
    }, call.timeoutMs);

    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length + chunk.length > STDOUT_MAX_CHARS) {
        overflow = true;
        if (pid !== undefined) killGroup(pid);
      } else stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });

    child.on("error", (error: NodeJS.ErrnoException) => {
      if (pid !== undefined) runningGroups.delete(pid);
      if (error.code === "ENOENT") {
        settle(
          derivationError(
            "missing-tool",
            `Máy chủ thiếu công cụ ${TOOL_NAMES[tool]} để tạo bản xem trước; hãy báo quản trị viên.`,
            `${tool} is not installed or not on PATH`,
            { cause: error },
          ),
        );
      } else {
        settle(derivationError("failed", call.unreadable, `${tool} could not be started: ${error.message}`, { cause: error }));
      }
    });
    child.on("exit", () => {
      clearTimeout(timer);
      if (pid === undefined) return;
      runningGroups.delete(pid);
      killGroup(pid);
      // A helper that left the group could hold the pipes open; do not wait for it forever.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, PIPE_GRACE_MS).unref();
    });
    child.on("close", (code, signal) => {
      if (timedOut) {
        settle(
          derivationError(
            "timeout",
            `${call.operation} quá thời gian cho phép (${seconds(call.timeoutMs)} giây).`,
            `${tool} timed out after ${call.timeoutMs} ms: ${detail()}`,
          ),
        );
      } else if (overflow) {
        settle(derivationError("failed", call.unreadable, `${tool} wrote more than ${STDOUT_MAX_CHARS} characters: ${detail()}`));
      } else if (code !== 0) {
        // Killed from outside (out of memory) or a full disk is the server's trouble, not the file's.
        const kind = signal !== null || /No space left on device/i.test(stderr) ? "failed" : "unreadable";
        settle(derivationError(kind, call.unreadable, `${tool} exited with ${code ?? signal}: ${detail()}`));
      } else {
        settle();
      }
    });
  });
}

/** `file:` keeps FFmpeg from reading a path as a protocol (`concat:`, `http:`) or an option. */
const ffmpegPath = (file: string) => `file:${path.resolve(file)}`;
/** Inputs may only open local files: a crafted playlist inside an upload cannot fetch URLs. */
const FFMPEG_INPUT_GUARD = ["-protocol_whitelist", "file"];
const FFMPEG_COMMON = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"];

async function nonEmptyFile(file: string) {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

export interface MediaProbe {
  durationSeconds: number | null;
  /** Display size: swapped for video recorded rotated by 90° (phones held upright). */
  width: number | null;
  height: number | null;
  /** A picture stream that is not cover art; a still image counts (with no duration). */
  hasVideo: boolean;
  hasAudio: boolean;
  /** FFmpeg's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
}

const probeSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        duration: z.string().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).optional(),
        tags: z.object({ rotate: z.string().optional() }).optional(),
        side_data_list: z.array(z.object({ rotation: z.number().optional() })).optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string(), duration: z.string().optional() }),
});

const positiveNumber = (text: string | undefined) => {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : null;
};

const UNREADABLE_MEDIA = "Không đọc được tệp âm thanh/video: tệp hỏng hoặc định dạng không hỗ trợ.";

/** Duration, display size and stream kinds of an audio or video file (ffprobe). */
export async function probeMedia(file: string, options: ToolCallOptions = {}): Promise<MediaProbe> {
  const { stdout } = await runTool(
    "ffprobe",
    [
      ...["-hide_banner", "-loglevel", "error", ...FFMPEG_INPUT_GUARD],
      ...["-print_format", "json", "-show_format", "-show_streams", ffmpegPath(file)],
    ],
    {
      operation: "Đọc thông tin tệp âm thanh/video",
      unreadable: UNREADABLE_MEDIA,
      timeoutMs: options.timeoutMs ?? MEDIA_TOOL_TIMEOUTS.ffprobe,
    },
  );
  let parsed: z.infer<typeof probeSchema>;
  try {
    parsed = probeSchema.parse(JSON.parse(stdout));
  } catch (error) {
    throw derivationError("failed", UNREADABLE_MEDIA, `ffprobe printed unexpected output: ${stdout.slice(0, 500)}`, {
      cause: error,
    });
  }
  const { streams, format } = parsed;
  const video = streams.find((stream) => stream.codec_type === "video" && stream.disposition?.attached_pic !== 1);
  const hasAudio = streams.some((stream) => stream.codec_type === "audio");
  if (!video && !hasAudio) {
    throw derivationError("unreadable", UNREADABLE_MEDIA, `no audio or video stream in ${file} (${format.format_name})`);
  }
  const rotation =
    video?.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? Number(video?.tags?.rotate ?? 0);
  const sideways = Math.abs(rotation) % 180 === 90;
  const width = video?.width ?? null;
  const height = video?.height ?? null;
  const streamDurations = streams.map((stream) => positiveNumber(stream.duration) ?? 0);
  return {
    durationSeconds: positiveNumber(format.duration) ?? (Math.max(0, ...streamDurations) || null),
    width: sideways ? height : width,
    height: sideways ? width : height,
    hasVideo: Boolean(video),
    hasAudio,
    formatName: format.format_name,
  };
}

/** At most 1280 px wide (never enlarged), square pixels, aspect kept. */
const POSTER_FILTER = "scale=w='min(1280,trunc(iw*sar/2)*2)':h='max(2,trunc(ow*ih/(iw*sar)/2)*2)',setsar=1";

/**
 * One JPEG frame of `video` at `atSeconds` (at most 1280 px wide) written to `outFile`; when that is
 * past the end (durations are often unknown before probing) the first frame is used instead.
 */
export async function extractPosterFrame(
  video: string,
  outFile: string,
  atSeconds: number,
  options: ToolCallOptions = {},
): Promise<void> {
  const call: ToolCall = {
    operation: "Tạo ảnh đại diện cho video",
    unreadable: "Không đọc được video: tệp hỏng hoặc định dạng không hỗ trợ.",
    timeoutMs: options.timeoutMs ?? MEDIA_TOOL_TIMEOUTS.ffmpeg,
  };
  const grab = (seek: string[]) =>
    runTool(
      "ffmpeg",
      [
        ...FFMPEG_COMMON,
        ...FFMPEG_INPUT_GUARD,
        ...seek,
        ...["-i", ffmpegPath(video), "-map", "0:V:0", "-frames:v", "1", "-vf", POSTER_FILTER],
        ...["-q:v", "3", "-f", "image2", "-update", "1", ffmpegPath(outFile)],
      ],
      call,
    );
  await rm(outFile, { force: true });
  const at = Number.isFinite(atSeconds) && atSeconds > 0 ? atSeconds : 0;
  // Past the end FFmpeg exits 0 and writes nothing.
  if (at > 0) await grab(["-ss", at.toFixed(3)]);
  if (!(await nonEmptyFile(outFile))) await grab([]);
  if (!(await nonEmptyFile(outFile))) {
    throw derivationError("unreadable", call.unreadable, `ffmpeg wrote no frame of ${video} to ${outFile}`);
  }
}

/**
 * A JPEG thumbnail (at most `maxWidth` px wide, never enlarged) of an image: PNG, JPEG, WebP or the
 * first frame of a GIF. Transparent areas become white, not black.
 */
export async function makeThumbnail(
  input: string,
  outFile: string,
  maxWidth = 480,
  options: ToolCallOptions = {},
): Promise<void> {
  if (!Number.isInteger(maxWidth) || maxWidth < 1) throw new RangeError(`maxWidth must be a positive integer, got ${maxWidth}`);
  const unreadable = "Không đọc được ảnh: tệp hỏng hoặc định dạng không hỗ trợ.";
  const graph =
    `[0:v:0]scale=w='min(${maxWidth},iw)':h='max(1,round(ow*ih/iw))',split[fg][canvas];` +
    "[canvas]drawbox=c=white:t=fill[white];[white][fg]overlay=format=auto,format=yuvj420p[out]";
  await rm(outFile, { force: true });
  await runTool(
    "ffmpeg",
    [
      ...FFMPEG_COMMON,
      ...FFMPEG_INPUT_GUARD,
      ...["-i", ffmpegPath(input), "-filter_complex", graph, "-map", "[out]", "-frames:v", "1"],
      ...["-q:v", "4", "-f", "image2", "-update", "1", ffmpegPath(outFile)],
    ],
    { operation: "Tạo ảnh thu nhỏ", unreadable, timeoutMs: options.timeoutMs ?? MEDIA_TOOL_TIMEOUTS.ffmpeg },
  );
  if (!(await nonEmptyFile(outFile))) throw derivationError("unreadable", unreadable, `ffmpeg wrote no thumbnail of ${input}`);
}

const SIGNATURES = {
  zip: (head: Buffer) => head.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1")),
  ole: (head: Buffer) => head.subarray(0, 8).equals(Buffer.from("d0cf11e0a1b11ae1", "hex")),
  rtf: (head: Buffer) => head.subarray(0, 5).toString("latin1") === "{\\rtf",
  // Web pages saved as .doc/.xls (many school systems export "Excel" files that are HTML).
  markup: (head: Buffer) => /^(\uFEFF)?\s*(<|MIME-Version:)/i.test(head.toString("utf8")),
};
type Signature = keyof typeof SIGNATURES;

/**
 * What an office file may start with. LibreOffice opens anything it cannot recognise as plain text,
 * so without this check random bytes named .pptx "convert" to pages of garbage.
 * Packages may also be OLE: password-protected OOXML, or an old file renamed.
 */
const OFFICE_SIGNATURES: Record<string, Signature[]> = {
  ...Object.fromEntries(
    [
      "docx",
      "docm",
      "dotx",
      "pptx",
      "pptm",
      "ppsx",
      "potx",
      "xlsx",
      "xlsm",
      "xltx",
      "odt",
      "ott",
      "odp",
      "otp",
      "ods",
      "ots",
      "odg",
    ].map((extension): [string, Signature[]] => [extension, ["zip", "ole"]]),
  ),
  doc: ["ole", "zip", "rtf", "markup"],
  dot: ["ole", "zip", "rtf", "markup"],
  xls: ["ole", "zip", "markup"],
  xlt: ["ole", "zip", "markup"],
  ppt: ["ole", "zip"],
  pps: ["ole", "zip"],
  pot: ["ole", "zip"],
  rtf: ["rtf"],
};

async function readHead(file: string, bytes: number) {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A fresh LibreOffice profile that runs no macros and loads no linked content from outside the document. */
const SAFE_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
`;

/**
 * Converts an office document (Word, PowerPoint, Excel, OpenDocument, RTF …) to PDF in `outDir` with
 * headless LibreOffice and returns the PDF's path (`<outDir>/<input name>.pdf`). Each call uses its
 * own throw-away profile, so conversions can run side by side.
 */
export async function convertToPdf(input: string, outDir: string, options: ToolCallOptions = {}): Promise<string> {
  const source = path.resolve(input);
  const unreadable = "Không chuyển được tài liệu sang PDF: tệp hỏng, có mật khẩu hoặc định dạng không hỗ trợ.";
  const extension = path.extname(source).slice(1).toLowerCase();
  const allowed = OFFICE_SIGNATURES[extension];
  if (allowed) {
    const head = await readHead(source, 512);
    if (!allowed.some((signature) => SIGNATURES[signature](head))) {
      throw derivationError("unreadable", unreadable, `${input} does not look like a .${extension} file (${allowed.join("/")})`);
    }
  }
  const pdf = path.join(path.resolve(outDir), `${path.parse(source).name}.pdf`);
  await mkdir(outDir, { recursive: true });
  await rm(pdf, { force: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), "khl-soffice-"));
  try {
    await mkdir(path.join(profile, "user"));
    await writeFile(path.join(profile, "user", "registrymodifications.xcu"), SAFE_PROFILE);
    const { stdout, stderr } = await runTool(
      "soffice",
      [
        ...["--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck"],
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        ...["--convert-to", "pdf", "--outdir", path.resolve(outDir), source],
      ],
      { operation: "Chuyển đổi sang PDF", unreadable, timeoutMs: options.timeoutMs ?? MEDIA_TOOL_TIMEOUTS.soffice },
    );
    // LibreOffice exits 0 even when it could not load the file ("Error: source file could not be loaded").
    if (!(await nonEmptyFile(pdf))) {
      throw derivationError("unreadable", unreadable, `soffice made no PDF of ${input}: ${`${stdout}\n${stderr}`.trim()}`);
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  return pdf;
}

export interface PdfPageOptions extends ToolCallOptions {
  maxPages: number;
  widthPx: number;
}

/**
 * Renders pages 1…min(maxPages, page count) of `pdf` as JPEGs `widthPx` wide into `outDir` (use a
 * fresh directory) and returns the page count with the images in page order.
 */
export async function renderPdfPages(
  pdf: string,
  outDir: string,
  options: PdfPageOptions,
): Promise<{ pageCount: number; pages: string[] }> {
  const { maxPages, widthPx } = options;
  if (!Number.isInteger(maxPages) || maxPages < 0) throw new RangeError(`maxPages must be a whole number, got ${maxPages}`);
  if (!Number.isInteger(widthPx) || widthPx < 1) throw new RangeError(`widthPx must be a positive integer, got ${widthPx}`);
  const source = path.resolve(pdf);
  const unreadable = "Không đọc được tệp PDF: tệp hỏng hoặc được đặt mật khẩu.";
  const operation = "Tạo ảnh xem trước các trang PDF";
  const { stdout } = await runTool("pdfinfo", [source], {
    operation,
    unreadable,
    timeoutMs: options.timeoutMs ?? MEDIA_TOOL_TIMEOUTS.pdfinfo,
  });
  // The last match: a title with a line break cannot fake the count, pdfinfo prints "Pages:" after metadata.
  const pageCount = Number([...stdout.matchAll(/^Pages:\s+(\d+)\s*$/gm)].at(-1)?.[1] ?? 0);
  if (pageCount < 1) throw derivationError("unreadable", unreadable, `pdfinfo found no pages in ${pdf}: ${stdout.slice(0, 500)}`);

  const wanted = Math.min(maxPages, pageCount);
  if (wanted === 0) return { pageCount, pages: [] };
  const directory = path.resolve(outDir);
  await mkdir(directory, { recursive: true });
  await runTool(
    "pdftoppm",
    [
      ...["-jpeg", "-jpegopt", "quality=85", "-f", "1", "-l", String(wanted)],
      ...["-scale-to-x", String(widthPx), "-scale-to-y", "-1", source, path.join(directory, "page")],
    ],
    { operation, unreadable, timeoutMs: options.timeoutMs ?? MEDIA_TOOL_TIMEOUTS.pdftoppm },
  );
  // pdftoppm pads page numbers to the width of the page count: page-1.jpg or page-01.jpg, page-001.jpg …
  const pages = new Map<number, string>();
  for (const name of await readdir(directory)) {
    const page = Number(/^page-(\d+)\.jpg$/.exec(name)?.[1] ?? 0);
    if (page >= 1 && page <= wanted) pages.set(page, path.join(directory, name));
  }
  if (pages.size !== wanted) {
    throw derivationError("failed", unreadable, `pdftoppm made ${pages.size} of ${wanted} pages of ${pdf}`);
  }
  return { pageCount, pages: [...pages.entries()].sort(([a], [b]) => a - b).map(([, file]) => file) };
}

async function onPath(command: string) {
  for (const directory of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!directory) continue;
    try {
      await access(path.join(directory, command), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/** The media tools not found on PATH; the worker warns about them at start-up. */
export async function missingMediaTools(): Promise<MediaTool[]> {
  const found = await Promise.all(MEDIA_TOOLS.map((tool) => onPath(tool)));
  return MEDIA_TOOLS.filter((_, index) => !found[index]);
}

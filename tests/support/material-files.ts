import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

// Material files for tests, made on the spot with the same tools the workers use.

const run = promisify(execFile);

export async function ffmpeg(...args: string[]) {
  await run("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", ...args]);
}

/** Converts a flat OpenDocument file with LibreOffice itself (own profile, so it runs beside other conversions). */
export async function sofficeConvert(dir: string, input: string, format: string, profile: string) {
  await run(
    "soffice",
    [
      "--headless",
      "--norestore",
      `-env:UserInstallation=${pathToFileURL(path.join(dir, profile)).href}`,
      "--convert-to",
      format,
      "--outdir",
      dir,
      path.join(dir, input),
    ],
    { timeout: 120_000 },
  );
}

/** Deterministic noise, so a "corrupt" file is the same on every run. */
export function noise(bytes: number) {
  const blocks: Buffer[] = [];
  for (let index = 0; blocks.length * 32 < bytes; index++) blocks.push(createHash("sha256").update(`noise ${index}`).digest());
  return Buffer.concat(blocks).subarray(0, bytes);
}

/** A valid PDF with `pages` A4 pages, written by hand (no tool needed). */
export function minimalPdf(pages: number) {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, page) => `${4 + page * 2} 0 R`).join(" ")}] /Count ${pages} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  for (let page = 0; page < pages; page++) {
    const text = `BT /F1 48 Tf 72 700 Td (Page ${page + 1}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + page * 2} 0 R >>`,
      `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    );
  }
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((object, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

export const LESSON_FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
  <office:body><office:text>
    <text:h text:outline-level="1">Bài 1: Phân số</text:h>
    <text:p>Học sinh so sánh hai phân số có cùng mẫu số.</text:p>
  </office:text></office:body>
</office:document>
`;

const slide = (title: string) =>
  `<draw:page draw:name="${title}"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm">` +
  `<draw:text-box><text:p>${title}</text:p></draw:text-box></draw:frame></draw:page>`;

export const SLIDES_FODP = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
  <office:body><office:presentation>${["Phân số", "Rút gọn", "Bài tập"].map(slide).join("")}</office:presentation></office:body>
</office:document>
`;

/**
 * A playable video of any size: `source` (an MP4 with its index at the front, `-movflags +faststart`) followed by
 * an MP4 "free" box of padding, written in 16 MB slices so memory stays flat.
 */
export async function paddedVideo(source: string, target: string, sizeBytes: number): Promise<void> {
  const head = await readFile(source);
  const out = createWriteStream(target);
  out.write(head);
  const padding = sizeBytes - head.length;
  const box = Buffer.alloc(8);
  box.writeUInt32BE(padding, 0);
  box.write("free", 4, "latin1");
  out.write(box);
  const slice = Buffer.alloc(16 * 1024 * 1024, 0x2e);
  for (let left = padding - 8; left > 0; left -= slice.length) {
    if (!out.write(left >= slice.length ? slice : slice.subarray(0, left))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

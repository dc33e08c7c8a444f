import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { checkH5pPackage, checkH5pPackageFile } from "./h5p-package.server";

const FIXTURE = path.resolve(__dirname, "../../../../shared/fixtures/h5p/true-false-hello-world.h5p");

const MANIFEST = JSON.stringify({
  title: "Đúng hay sai",
  language: "vi",
  mainLibrary: "H5P.TrueFalse",
  embedTypes: ["iframe"],
  preloadedDependencies: [{ machineName: "H5P.TrueFalse", majorVersion: 1, minorVersion: 6 }],
});

/** Builds a package from name → content; `raw` names skip yazl's own path checks (to forge hostile archives). */
function zip(files: Record<string, string | Buffer>): Promise<Uint8Array> {
  const archive = new ZipFile();
  for (const [name, content] of Object.entries(files))
    archive.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    archive.outputStream.on("error", reject);
  });
}

const valid = { "h5p.json": MANIFEST, "content/content.json": "{}", "H5P.TrueFalse-1.6/scripts/true-false.js": "void 0;" };

describe("checkH5pPackage", () => {
  it("accepts the real H5P.TrueFalse fixture", async () => {
    const result = await checkH5pPackage(new Uint8Array(readFileSync(FIXTURE)));
    expect(result).toMatchObject({ ok: true, manifest: { mainLibrary: "H5P.TrueFalse" } });
    expect(result.ok && result.files).toBeGreaterThan(50);
  });

  it("refuses a file that is not a zip", async () => {
    expect(await checkH5pPackage(new TextEncoder().encode("MZ this is an exe"))).toEqual({
      ok: false,
      problems: ["Tệp không phải gói H5P hợp lệ: không đọc được tệp nén (.zip)."],
    });
  });

  it("refuses paths that leave the package", async () => {
    const hostile = await zip(valid);
    // yazl refuses "../" itself, so forge the name in the archive bytes, keeping its length.
    const [from, to] = ["content/content.json", "../tent/content.json"];
    expect(to.length).toBe(from.length);
    const forged = Buffer.from(hostile);
    for (let index = forged.indexOf(from); index >= 0; index = forged.indexOf(from, index + 1)) forged.write(to, index, "latin1");
    expect(await checkH5pPackage(new Uint8Array(forged))).toEqual({
      ok: false,
      problems: ["Gói H5P chứa đường dẫn nguy hiểm (ví dụ ../ hoặc đường dẫn tuyệt đối); không nhận."],
    });
  });

  it("refuses a zip bomb", async () => {
    const bomb = await zip({ ...valid, "content/zeros.txt": Buffer.alloc(40 * 1024 * 1024) });
    const result = await checkH5pPackage(bomb);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^Gói có dấu hiệu "bom nén": tệp content\/zeros.txt nở ra gấp \d+ lần\.$/);
  });

  it("refuses scripts in content, executables and scripted SVG", async () => {
    const result = await checkH5pPackage(
      await zip({
        ...valid,
        "content/evil.js": "alert(1)",
        "H5P.TrueFalse-1.6/setup.exe": "MZ",
        "content/images/logo.svg": '<svg onload="alert(1)"></svg>',
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        "Loại tệp .js không được phép trong gói H5P (content/evil.js).",
        "Loại tệp .exe không được phép trong gói H5P (H5P.TrueFalse-1.6/setup.exe).",
        "Ảnh SVG content/images/logo.svg chứa mã lệnh; hãy xuất lại ảnh không có script.",
      ],
    });
  });

  it("requires h5p.json with a main library and content/content.json", async () => {
    expect(await checkH5pPackage(await zip({ "content/content.json": "{}" }))).toEqual({
      ok: false,
      problems: ["Thiếu tệp h5p.json ở gốc gói."],
    });
    expect(await checkH5pPackage(await zip({ "h5p.json": '{"title":"x"}', "content/other.json": "{}" }))).toEqual({
      ok: false,
      problems: [
        "Thiếu content/content.json: đây không phải gói nội dung H5P.",
        "Tệp h5p.json thiếu tiêu đề, thư viện chính hoặc danh sách thư viện phụ thuộc.",
      ],
    });
  });
});

describe("checkH5pPackageFile", () => {
  const directory = mkdtempSync(path.join(tmpdir(), "h5p-check-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const onDisk = (name: string, bytes: Uint8Array) => {
    const file = path.join(directory, name);
    writeFileSync(file, bytes);
    return file;
  };

  it("accepts the real fixture on disk with the same result as the in-memory check", async () => {
    const result = await checkH5pPackageFile(FIXTURE);
    expect(result).toMatchObject({ ok: true, manifest: { mainLibrary: "H5P.TrueFalse" } });
    expect(result).toEqual(await checkH5pPackage(new Uint8Array(readFileSync(FIXTURE))));
  });

  it("reports the same problems as the in-memory check", async () => {
    const bad = await zip({ ...valid, "content/evil.js": "alert(1)", "content/logo.svg": "<svg><script>1</script></svg>" });
    const result = await checkH5pPackageFile(onDisk("bad.h5p", bad));
    expect(result.ok).toBe(false);
    expect(result).toEqual(await checkH5pPackage(bad));
    expect(await checkH5pPackageFile(onDisk("not-a-zip.h5p", new TextEncoder().encode("MZ")))).toEqual({
      ok: false,
      problems: ["Tệp không phải gói H5P hợp lệ: không đọc được tệp nén (.zip)."],
    });
  });

  it("throws for a missing file instead of blaming the package", async () => {
    await expect(checkH5pPackageFile(path.join(directory, "missing.h5p"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { extractH5pPackage, h5pFileContentType } from "~/domain/materials/h5p-extract.server";
import { checkH5pPackageFile } from "~/domain/materials/h5p-package.server";
import { ensureBucket, headObject, listKeys, readObjectStream } from "~/services/storage.server";

const FIXTURE = path.resolve(__dirname, "../../../shared/fixtures/h5p/true-false-hello-world.h5p");
const PREFIX = "orgs/org1/materials/m1/v1/h5p";

const directory = mkdtempSync(path.join(tmpdir(), "h5p-extract-"));

beforeAll(async () => {
  await ensureBucket();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function text(key: string) {
  const { body } = await readObjectStream(key);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

describe("extractH5pPackage (real S3 server)", () => {
  it("unpacks every file of a checked package under the prefix with its content type", async () => {
    const check = await checkH5pPackageFile(FIXTURE);
    expect(check.ok).toBe(true);

    const result = await extractH5pPackage(FIXTURE, `${PREFIX}/`);
    expect(result).toEqual({ files: check.ok && check.files, bytes: check.ok && check.uncompressedBytes });

    const keys = await listKeys(`${PREFIX}/`);
    expect(keys).toHaveLength(result.files);
    expect(keys).toEqual(
      expect.arrayContaining([
        `${PREFIX}/h5p.json`,
        `${PREFIX}/content/content.json`,
        `${PREFIX}/H5P.TrueFalse-1.6/library.json`,
        `${PREFIX}/H5P.TrueFalse-1.6/scripts/h5p-true-false.js`,
        `${PREFIX}/H5P.TrueFalse-1.6/styles/h5p-true-false.css`,
        `${PREFIX}/FontAwesome-4.5/fontawesome-webfont.woff2`,
      ]),
    );
    expect(keys.some((key) => key.endsWith("/"))).toBe(false);

    expect(await headObject(`${PREFIX}/h5p.json`)).toMatchObject({ contentType: "application/json; charset=utf-8" });
    expect(await headObject(`${PREFIX}/H5P.TrueFalse-1.6/scripts/h5p-true-false.js`)).toMatchObject({
      contentType: "text/javascript; charset=utf-8",
    });
    expect(await headObject(`${PREFIX}/H5P.TrueFalse-1.6/styles/h5p-true-false.css`)).toMatchObject({
      contentType: "text/css; charset=utf-8",
    });
    expect(await headObject(`${PREFIX}/FontAwesome-4.5/fontawesome-webfont.woff2`)).toMatchObject({ contentType: "font/woff2" });
    expect(JSON.parse(await text(`${PREFIX}/h5p.json`))).toMatchObject({ mainLibrary: "H5P.TrueFalse" });

    // Running it again (a retried job) overwrites the same keys and adds none.
    expect(await extractH5pPackage(FIXTURE, PREFIX)).toEqual(result);
    expect((await listKeys(`${PREFIX}/`)).sort()).toEqual([...keys].sort());
  });

  it("refuses an archive with a path leaving the package", async () => {
    const archive = new ZipFile();
    archive.addBuffer(Buffer.from("{}"), "content/content.json");
    archive.end();
    const chunks: Buffer[] = [];
    for await (const chunk of archive.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
    // yazl refuses "../" itself, so forge the name in the archive bytes, keeping its length.
    const forged = Buffer.from(
      Buffer.concat(chunks).toString("latin1").replaceAll("content/content.json", "../tent/content.json"),
      "latin1",
    );
    const file = path.join(directory, "hostile.h5p");
    writeFileSync(file, forged);
    expect(readFileSync(file).includes("../tent")).toBe(true);

    await expect(extractH5pPackage(file, "hostile")).rejects.toThrow();
    expect(await listKeys("hostile/")).toEqual([]);
    expect(await listKeys("tent/")).toEqual([]);
  });
});

describe("h5pFileContentType", () => {
  it("never serves markup as a page", () => {
    expect(h5pFileContentType("content/page.html")).toBe("application/octet-stream");
    expect(h5pFileContentType("content/data.xml")).toBe("application/octet-stream");
    expect(h5pFileContentType("Lib-1.0/README")).toBe("application/octet-stream");
    expect(h5pFileContentType("content/images/Photo.JPG")).toBe("image/jpeg");
    expect(h5pFileContentType("content/audio.mp3")).toBe("audio/mpeg");
  });
});

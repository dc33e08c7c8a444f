// Materials end to end against the real services: uploads straight to MinIO, byte checks, the real
// worker making derived files with FFmpeg / LibreOffice / Poppler, H5P extraction, versions.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Agenda } from "agenda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import type { UploadPurpose } from "#content-schemas/materials";
import { H5pResult } from "#models/h5p-result";
import { Material } from "#models/material";
import { Upload } from "#models/upload";
import { registerJobs } from "#workers/jobs/define";
import { relayOutboxOnce } from "#workers/outbox-relay";
import { JOB_DEFINITIONS, OUTBOX_SOURCES, OUTBOX_SUBSCRIPTIONS } from "#workers/registry";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { recordH5pResult } from "~/domain/materials/h5p-results.server";
import {
  createMaterial,
  deleteMaterials,
  materialForViewer,
  materialVersions,
  retryProcessing,
  updateMaterial,
} from "~/domain/materials/materials.server";
import { processMaterialFiles, purgeDeletedMaterial } from "~/domain/materials/process-files.server";
import { completeUpload, createUpload, sweepAbandonedUploads } from "~/domain/materials/uploads.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode, upsertUser } from "~/domain/people/upsert-user.server";
import { getQueue } from "~/services/jobs.server";
import { ensureBucket, headObject, listKeys, presignGet } from "~/services/storage.server";
import { ffmpeg, minimalPdf, SLIDES_FODP, sofficeConvert } from "../support/material-files";
import { upload } from "../support/uploads";

const H5P_FIXTURE = path.resolve(__dirname, "../../../shared/fixtures/h5p/true-false-hello-world.h5p");

let teacher: Actor;
let colleague: Actor;
let dir = "";
const at = (name: string) => path.join(dir, name);

async function actorFor(username: string, fullName: string): Promise<Actor> {
  const school = await organisationByCode("TRUONG-HL");
  const id = await upsertUser({
    username,
    fullName,
    organisationCode: "TRUONG-HL",
    roles: [{ role: "teacher", organisationCode: "TRUONG-HL" }],
    initialPassword: "a".repeat(12),
  });
  const organisationPath = school.path.map(String);
  return {
    id: String(id),
    username,
    fullName,
    email: null,
    organisationId: String(school.id),
    organisationPath,
    roles: [{ role: "teacher", organisationId: String(school.id), organisationPath }],
    mustChangePassword: false,
    twoFactorEnabled: false,
    sessionId: "",
  };
}

async function uploadOk(purpose: UploadPurpose, fileName: string, bytes: Uint8Array, actor = teacher) {
  const result = await upload(actor, purpose, fileName, bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

const metadata = { title: "Bài 1. Phân số", summary: "", subjectCode: "TOAN", grades: [6], topicIds: [] as string[] };

async function fileMaterial(kind: "document" | "slides" | "video" | "simulation", fileName: string, bytes: Uint8Array) {
  const uploaded = await uploadOk(kind, fileName, bytes);
  const created = await createMaterial(teacher, {
    ...metadata,
    language: "vi",
    licence: "CC-BY-4.0",
    authors: [],
    kind,
    uploadId: uploaded.id,
  });
  if (!created.ok) throw new Error(created.reason);
  const stored = await Material.findById(created.value.id).lean();
  return { id: created.value.id, uploadId: String(stored!.versions[0]!.file!.uploadId) };
}

const processNow = (material: { id: string; uploadId: string }) =>
  processMaterialFiles({ materialId: material.id, version: 1, uploadId: material.uploadId });

function zip(files: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = new ZipFile();
  for (const [name, content] of Object.entries(files))
    archive.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  archive.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

beforeAll(async () => {
  await ensureBucket();
  await importSubjects(GDPT_2018_SUBJECTS);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-HL", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-HL", name: "Phòng", type: "district", parentCode: "SGD-HL" });
  await upsertOrganisation({ code: "TRUONG-HL", name: "Trường", type: "school", parentCode: "PGD-HL" });
  teacher = await actorFor("gv.hoclieu", "Nguyễn Văn Minh");
  colleague = await actorFor("gv.dongnghiep", "Trần Thị Hà");
  dir = await mkdtemp(path.join(os.tmpdir(), "khl-materials-"));
  await writeFile(at("slides.fodp"), SLIDES_FODP);
  await Promise.all([
    sofficeConvert(dir, "slides.fodp", "pptx", "profile"),
    ffmpeg(
      ...["-f", "lavfi", "-i", "testsrc=duration=4:size=640x360:rate=10", "-f", "lavfi", "-i", "sine=duration=4"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", at("lesson.mp4")],
    ),
  ]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("uploads are checked from the stored bytes", () => {
  it("refuses a program renamed .pdf and deletes what was stored", async () => {
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0"), Buffer.alloc(2000, 7)]);
    exe.writeUInt32LE(64, 60);
    const result = await upload(teacher, "document", "de-kiem-tra.pdf", exe);
    expect(result).toMatchObject({
      ok: false,
      status: 422,
      reason:
        "Tệp «de-kiem-tra.pdf» bị từ chối: nội dung thật là chương trình Windows (.exe), không phải tài liệu (chấp nhận PDF, DOCX, ODT).",
    });
    expect(!result.ok && "key" in result && (await headObject(result.key))).toBeNull();
    expect(await Upload.findById(!result.ok && "id" in result ? result.id : "").lean()).toMatchObject({ state: "rejected" });
  });

  it("refuses a file over the size limit, before and after sending, whatever was declared", async () => {
    expect(await createUpload(teacher, { purpose: "image", fileName: "anh.png", size: 25 * 1024 * 1024 })).toMatchObject({
      ok: false,
      reason: "Tệp «anh.png» nặng 25 MB, vượt giới hạn 20 MB cho hình ảnh.",
    });
    const png = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(21 * 1024 * 1024)]);
    const lied = await upload(teacher, "image", "anh.png", png, 1000);
    expect(lied).toMatchObject({ ok: false, reason: "Tệp «anh.png» nặng 21 MB, vượt giới hạn 20 MB cho hình ảnh." });
  });

  it("refuses an SVG image with a script", async () => {
    const result = await upload(
      teacher,
      "image",
      "so-do.svg",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("chứa mã lệnh (script)") });
  });

  it("refuses H5P packages with ../ paths or a zip bomb, with the package check's reasons", async () => {
    const manifest = JSON.stringify({
      title: "Đúng sai",
      mainLibrary: "H5P.TrueFalse",
      preloadedDependencies: [{ machineName: "H5P.TrueFalse", majorVersion: 1, minorVersion: 6 }],
    });
    const valid = { "h5p.json": manifest, "content/content.json": "{}" };
    const traversal = await zip(valid);
    for (
      let index = traversal.indexOf("content/content.json");
      index >= 0;
      index = traversal.indexOf("content/content.json", index + 1)
    )
      traversal.write("../tent/content.json", index, "latin1");
    expect(await upload(teacher, "simulation", "bai.h5p", traversal)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("đường dẫn nguy hiểm"),
    });
    const bomb = await zip({ ...valid, "content/zeros.txt": Buffer.alloc(40 * 1024 * 1024) });
    expect(await upload(teacher, "simulation", "bom.h5p", bomb)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("bom nén"),
    });
  });

  it("accepts a real PDF, and completing twice returns the same upload", async () => {
    const pdf = minimalPdf(2);
    const uploaded = await uploadOk("document", "bai-1.pdf", pdf);
    expect(uploaded).toMatchObject({ state: "completed", mimeType: "application/pdf", size: pdf.length });
    expect(await completeUpload(teacher, uploaded.id, [{ partNumber: 1, etag: "x" }])).toMatchObject({ ok: true });
    expect(await completeUpload(colleague, uploaded.id, [{ partNumber: 1, etag: "x" }])).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});

describe("derived files made by the worker", () => {
  let queue: Agenda;
  beforeAll(async () => {
    queue = await getQueue();
    registerJobs(queue, JOB_DEFINITIONS);
    await queue.start();
  });
  afterAll(async () => {
    await queue.stop();
  });

  it("relays the upload through the outbox to the worker, which makes page previews and records the checksum", async () => {
    const pdf = minimalPdf(3);
    const material = await fileMaterial("document", "bai-3-trang.pdf", pdf);
    expect(await relayOutboxOnce({ queue, sources: OUTBOX_SOURCES, subscriptions: OUTBOX_SUBSCRIPTIONS })).toBeGreaterThan(0);
    await expect
      .poll(async () => (await Material.findById(material.id).lean())?.processingState, { timeout: 60_000, interval: 500 })
      .toBe("done");
    const view = await materialForViewer(teacher, material.id);
    expect(view?.version.file?.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    expect(view?.version.processing).toMatchObject({ state: "done", pageCount: 3 });
    expect(view?.derived.filter((file) => file.role === "page").map((file) => file.page)).toEqual([1, 2, 3]);
    expect((await fetch(view!.derived.find((file) => file.role === "thumbnail")!.url)).headers.get("content-type")).toBe(
      "image/jpeg",
    );
  }, 90_000);

  it("turns a .pptx into a PDF and one preview per slide", async () => {
    const material = await fileMaterial("slides", "phan-so.pptx", await readFile(at("slides.pptx")));
    await processNow(material);
    const view = await materialForViewer(teacher, material.id);
    expect(view?.version.processing).toMatchObject({ state: "done", pageCount: 3 });
    expect(view?.derived.map((file) => file.role).sort()).toEqual(["page", "page", "page", "preview_pdf", "thumbnail"]);
  }, 60_000);

  it("reads a video's duration and makes its poster frame", async () => {
    const material = await fileMaterial("video", "bai-giang.mp4", await readFile(at("lesson.mp4")));
    await processNow(material);
    const view = await materialForViewer(teacher, material.id);
    expect(view?.version.processing.durationSeconds).toBeCloseTo(4, 0);
    const poster = view?.derived.find((file) => file.role === "poster");
    expect(new Uint8Array(await (await fetch(poster!.url)).arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    // Seeking in the player: storage answers range requests on the presigned address.
    const key = (await Material.findById(material.id).lean())!.versions[0]!.file!.key;
    const ranged = await fetch(await presignGet(key), { headers: { Range: "bytes=100-199" } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
  }, 60_000);

  it("marks a broken video failed with a reason, keeps the original, and can retry", async () => {
    const truncated = (await readFile(at("lesson.mp4"))).subarray(0, 3000);
    const material = await fileMaterial("video", "hong.mp4", truncated);
    await processNow(material);
    const stored = await Material.findById(material.id).lean();
    expect(stored?.versions[0]?.processing).toMatchObject({ state: "failed", error: expect.stringMatching(/video/i) });
    expect(await headObject(stored!.versions[0]!.file!.key)).not.toBeNull();
    expect(await retryProcessing(teacher, material.id)).toEqual({ ok: true, value: null });
    expect((await Material.findById(material.id).lean())?.processingState).toBe("queued");
  }, 60_000);

  it("flags a file whose content another material of the school already has", async () => {
    const pdf = minimalPdf(1);
    const first = await fileMaterial("document", "mot.pdf", pdf);
    const second = await fileMaterial("document", "mot-ban-sao.pdf", pdf);
    await processNow(first);
    await processNow(second);
    const view = await materialForViewer(teacher, second.id);
    expect(view?.version.file?.duplicateOf).toEqual({ materialId: first.id, title: metadata.title });
  }, 60_000);

  it("extracts the H5P fixture to storage and records a learner's answer", async () => {
    const material = await fileMaterial("simulation", "dung-sai.h5p", readFileSync(H5P_FIXTURE));
    await processNow(material);
    const stored = await Material.findById(material.id).lean();
    const h5p = stored!.versions[0]!.derived.find((file) => file.role === "h5p");
    const keys = await listKeys(`${h5p!.key}/`);
    expect(keys).toContain(`${h5p!.key}/h5p.json`);
    expect(keys).toContain(`${h5p!.key}/content/content.json`);
    expect(await recordH5pResult(teacher, material.id, { version: 1, verb: "answered", scoreRaw: 1, scoreMax: 1 })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(await recordH5pResult(teacher, material.id, { version: 1, verb: "answered", scoreRaw: 3, scoreMax: 1 })).toMatchObject(
      {
        ok: false,
        status: 422,
      },
    );
    expect(await H5pResult.countDocuments({ materialId: material.id })).toBe(1);
  }, 60_000);
});

describe("versions", () => {
  const link = { ...metadata, language: "vi" as const, licence: "CC-BY-4.0" as const, authors: [], kind: "link" as const };

  it("changes a draft in place and starts a new draft over an approved version, which stays live", async () => {
    const created = await createMaterial(teacher, { ...link, url: "https://example.org/bai-1" });
    if (!created.ok) throw new Error(created.reason);
    expect(await updateMaterial(teacher, created.value.id, { summary: "Sửa bản nháp" })).toEqual({
      ok: true,
      value: { id: created.value.id, version: 1 },
    });
    // Approval and school scope arrive with the review workflow (#5); set them as it will.
    await Material.updateOne(
      { _id: created.value.id },
      { $set: { "versions.0.status": "approved", liveVersion: 1, scope: "school" } },
    );

    const [first, second] = await Promise.all([
      updateMaterial(teacher, created.value.id, { title: "Bài 1 (bản sửa A)" }),
      updateMaterial(teacher, created.value.id, { title: "Bài 1 (bản sửa B)" }),
    ]);
    expect([first, second].filter((result) => result.ok)).toHaveLength(1);
    expect([first, second].find((result) => !result.ok)).toMatchObject({ status: 409 });

    expect((await materialForViewer(teacher, created.value.id))?.version).toMatchObject({ number: 2, status: "draft" });
    expect((await materialForViewer(colleague, created.value.id))?.version).toMatchObject({
      number: 1,
      status: "approved",
      summary: "Sửa bản nháp",
    });
    expect(await materialForViewer(colleague, created.value.id, 2)).toBeNull();
    const history = await materialVersions(teacher, created.value.id);
    expect(history?.items.map((version) => [version.number, version.status, version.live])).toEqual([
      [2, "draft", false],
      [1, "approved", true],
    ]);
    expect(history?.items[0]?.createdBy.fullName).toBe("Nguyễn Văn Minh");
    expect(await materialVersions(colleague, created.value.id)).toBeNull();
  });

  it("lets only the author delete a never-approved material, and the worker removes its files", async () => {
    const material = await fileMaterial("document", "xoa.pdf", minimalPdf(1));
    await processNow(material);
    const stored = await Material.findById(material.id).lean();
    expect(await deleteMaterials(colleague, [material.id])).toEqual({ deleted: 0, refused: 1 });
    expect(await deleteMaterials(teacher, [material.id])).toEqual({ deleted: 1, refused: 0 });
    expect(await materialForViewer(teacher, material.id)).toBeNull();
    await purgeDeletedMaterial({ materialId: material.id });
    expect(await headObject(stored!.versions[0]!.file!.key)).toBeNull();
    expect(await listKeys(`orgs/${teacher.organisationId}/materials/${material.id}/`)).toEqual([]);
    expect(await Material.findById(material.id).lean()).toBeNull();
  }, 60_000);
});

describe("abandoned uploads", () => {
  it("are swept with their bytes, while uploads a material uses are kept", async () => {
    const abandoned = await uploadOk("document", "bo-do.pdf", minimalPdf(1));
    const used = await fileMaterial("document", "dung.pdf", minimalPdf(1));
    await Upload.updateMany({}, { $set: { updatedAt: new Date(Date.now() - 2 * 24 * 60 * 60_000) } }, { timestamps: false });
    await Upload.updateOne({ _id: used.uploadId }, { $set: { state: "completed" } }, { timestamps: false });
    await sweepAbandonedUploads();
    expect(await Upload.findById(abandoned.id).lean()).toBeNull();
    expect(await headObject(abandoned.key)).toBeNull();
    expect(await Upload.findById(used.uploadId).lean()).toMatchObject({ state: "attached" });
  });
});

import { fileTypeFromBuffer } from "file-type";
import { Types } from "mongoose";
import {
  categoryLabel,
  importParseResultSchema,
  READ_IN_WORKER_ABOVE_BYTES,
  type ConfirmImport,
  type ConfirmImportResult,
  type ImportFormat,
  type ImportParseResult,
  type ImportView,
  type LoadImage,
  type StoreImage,
} from "#content-schemas/question-import";
import { UPLOAD_RULES } from "#content-schemas/materials";
import { questionDraftSchema, type CognitiveLevel } from "#content-schemas/questions";
import { QuestionImport, type QuestionImportDoc } from "#models/question-import";
import { Question, type QuestionDoc } from "#models/question";
import { outboxEvent } from "#models/outbox";
import { Upload } from "#models/upload";
import type { Actor } from "~/auth/session.server";
import { lectureImageKey } from "~/domain/materials/uploads.server";
import { deleteObject, deletePrefix, objectKey, putObject, readObjectStream } from "~/services/storage.server";
import type { ExportableQuestion } from "./interchange/exportable";
import { exportGift, parseGift } from "./interchange/gift.server";
import { exportMoodleXml, parseMoodleXml } from "./interchange/moodle-xml.server";
import { exportQtiPackage, parseQtiPackage } from "./interchange/qti.server";
import { createQuestion, questionsFilter, type QuestionResult } from "./questions.server";
import { exportQuestionsDocx } from "./word/export-docx.server";
import { parseQuestionDocx } from "./word/parse-docx.server";

const IMAGE_TYPES = UPLOAD_RULES.lecture_image.types;

/** Announced when a large file waits in storage for the worker to read it. */
export const IMPORT_STORED_TOPIC = "question-import.stored";

/** Whose school and account an import's images belong to. */
interface ImportOwner {
  organisationId: string;
  userId: string;
}

/**
 * Stores an image found in an imported file where lecture images live (an attached upload served at
 * `/media/<id>`), after checking its bytes are an image type lectures accept.
 */
function imageStore(owner: ImportOwner, importId: Types.ObjectId, onStored: () => void = () => {}): StoreImage {
  return async ({ data, fileName }) => {
    const sniffed = await fileTypeFromBuffer(data);
    const type = IMAGE_TYPES.find((allowed) => allowed.mimeType === sniffed?.mime);
    if (!type || data.byteLength > UPLOAD_RULES.lecture_image.maxBytes) {
      throw new Error(`Ảnh «${fileName}» không phải PNG, JPEG, WebP hoặc GIF dưới 10 MB.`);
    }
    const uploadId = new Types.ObjectId();
    const key = objectKey({
      organisationId: owner.organisationId,
      collection: "question-imports",
      itemId: String(importId),
      version: 1,
      fileName: `${String(uploadId)}.${type.extension}`,
    });
    await putObject(key, data, type.mimeType, data.byteLength);
    await Upload.create({
      _id: uploadId,
      organisationId: owner.organisationId,
      createdBy: owner.userId,
      purpose: "lecture_image",
      fileName,
      declaredSize: data.byteLength,
      key,
      s3UploadId: "single-put",
      state: "attached",
      size: data.byteLength,
      mimeType: type.mimeType,
      extension: type.extension,
      completedAt: new Date(),
    });
    onStored();
    return `/media/${String(uploadId)}`;
  };
}

const PARSERS: Record<ImportFormat, (data: Uint8Array, options: { storeImage: StoreImage }) => Promise<ImportParseResult>> = {
  docx: parseQuestionDocx,
  moodle_xml: (data, options) => parseMoodleXml(new TextDecoder().decode(data), options),
  gift: (data, options) => parseGift(new TextDecoder().decode(data), options),
  qti: parseQtiPackage,
};

const importView = (record: QuestionImportDoc): ImportView => ({
  id: String(record._id),
  fileName: record.fileName,
  status: record.status as ImportView["status"],
  parseMs: record.parseMs,
  result: record.result ? importParseResultSchema.parse(record.result) : null,
  progress: { imagesStored: record.progress?.imagesStored ?? 0 },
  importedIds: record.importedIds.map(String),
});

async function parseFile(owner: ImportOwner, importId: Types.ObjectId, format: ImportFormat, data: Uint8Array) {
  const started = performance.now();
  let imagesStored = 0;
  const result = await PARSERS[format](data, {
    storeImage: imageStore(owner, importId, () => {
      imagesStored += 1;
      // Progress for the page that polls a worker's read; a lost update only delays the figure.
      void QuestionImport.updateOne({ _id: importId }, { $set: { "progress.imagesStored": imagesStored } }).catch(() => {});
    }),
  });
  return { result, parseMs: Math.round(performance.now() - started), imagesStored };
}

/**
 * Reads a question file and keeps what it found for the teacher to check; imports nothing. Files above
 * `inWorkerAbove` bytes are stored and read by the worker instead (status `reading`, then `parsed`).
 */
export async function readQuestionFile(
  actor: Actor,
  file: { format: ImportFormat; fileName: string; data: Uint8Array },
  { inWorkerAbove = READ_IN_WORKER_ABOVE_BYTES }: { inWorkerAbove?: number } = {},
): Promise<QuestionResult<ImportView>> {
  if (!actor.roles.some((binding) => binding.role === "teacher" || binding.role === "group_leader")) {
    return { ok: false, status: 403, reason: "Chỉ giáo viên mới nhập được câu hỏi." };
  }
  const importId = new Types.ObjectId();
  const base = {
    _id: importId,
    ownerOrganisationId: actor.organisationId,
    createdBy: actor.id,
    format: file.format,
    fileName: file.fileName,
  };
  if (file.data.byteLength > inWorkerAbove) {
    const storageKey = objectKey({
      organisationId: actor.organisationId,
      collection: "question-imports",
      itemId: String(importId),
      version: 1,
      fileName: `source.${file.format}`,
    });
    await putObject(storageKey, file.data, "application/octet-stream", file.data.byteLength);
    // The event goes into the record's outbox with the record itself: the worker is told exactly once it exists.
    const reading: Record<string, unknown> = {
      ...base,
      status: "reading",
      storageKey,
      outbox: [outboxEvent(IMPORT_STORED_TOPIC, { importId: String(importId) })],
    };
    const record = await QuestionImport.create(reading);
    return { ok: true, value: importView(record.toObject() as unknown as QuestionImportDoc) };
  }
  const owner = { organisationId: actor.organisationId, userId: actor.id };
  const { result, parseMs, imagesStored } = await parseFile(owner, importId, file.format, file.data);
  const record = await QuestionImport.create({ ...base, result, parseMs, progress: { imagesStored } });
  return { ok: true, value: importView(record.toObject() as unknown as QuestionImportDoc) };
}

/**
 * The worker's part: reads a stored file, records what it found, and removes the stored copy. Running it again
 * after success does nothing; a failure is retried by the job queue.
 */
export async function readStoredImport(importId: string): Promise<void> {
  const record = await QuestionImport.findOne({ _id: importId, status: "reading" }).lean<QuestionImportDoc>();
  if (!record?.storageKey) return;
  const { body } = await readObjectStream(record.storageKey);
  if (!body) throw new Error(`stored import ${importId} is missing from storage`);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  const owner = { organisationId: String(record.ownerOrganisationId), userId: String(record.createdBy) };
  const data = new Uint8Array(Buffer.concat(chunks));
  const { result, parseMs, imagesStored } = await parseFile(owner, record._id, record.format as ImportFormat, data);
  await QuestionImport.updateOne(
    { _id: record._id, status: "reading" },
    { $set: { status: "parsed", result, parseMs, "progress.imagesStored": imagesStored, storageKey: null } },
  );
  await deleteObject(record.storageKey);
}

/** Where an import's stored file and images live: one folder per import (objectKey's scheme). */
const importFolder = (record: Pick<QuestionImportDoc, "_id" | "ownerOrganisationId">) =>
  `orgs/${String(record.ownerOrganisationId)}/question-imports/${String(record._id)}/`;

/**
 * Removes imports nobody confirmed within `olderThanMs` (and reads the worker never finished), with the images and
 * file they stored. The record is deleted first, guarded by its state, so an import confirmed at that moment keeps
 * its images. Returns how many were removed.
 */
export async function sweepStaleImports(olderThanMs = 7 * 24 * 60 * 60_000): Promise<number> {
  const stale = await QuestionImport.find(
    { status: { $in: ["parsed", "reading"] }, createdAt: { $lt: new Date(Date.now() - olderThanMs) } },
    { _id: 1, ownerOrganisationId: 1, status: 1 },
  )
    .limit(200)
    .lean<QuestionImportDoc[]>();
  let removed = 0;
  for (const record of stale) {
    const claimed = await QuestionImport.deleteOne({ _id: record._id, status: record.status });
    if (claimed.deletedCount !== 1) continue;
    const folder = importFolder(record);
    await deletePrefix(folder);
    // The folder is made of ids and fixed words: nothing in it is special to a regular expression.
    await Upload.deleteMany({ key: { $regex: `^${folder}` } });
    removed += 1;
  }
  return removed;
}

async function ownImport(actor: Actor, importId: string) {
  if (!Types.ObjectId.isValid(importId)) return null;
  return QuestionImport.findOne({ _id: importId, createdBy: actor.id }).lean<QuestionImportDoc>();
}

export async function getImport(actor: Actor, importId: string): Promise<ImportView | null> {
  const record = await ownImport(actor, importId);
  return record ? importView(record) : null;
}

/**
 * Turns the parsed items the teacher confirmed into draft questions of their school, classified as chosen.
 * Items with problems are never imported; stems the school already has are reported unless allowed. Confirming
 * twice imports nothing the second time.
 */
export async function confirmImport(
  actor: Actor,
  importId: string,
  choice: ConfirmImport,
): Promise<QuestionResult<ConfirmImportResult>> {
  const record = await ownImport(actor, importId);
  if (!record) return { ok: false, status: 404, reason: "Không tìm thấy lần nhập này." };
  if (record.status === "imported") return { ok: false, status: 409, reason: "Tệp này đã được nhập." };
  if (record.status !== "parsed")
    return { ok: false, status: 409, reason: "Tệp vẫn đang được đọc; hãy chờ đọc xong rồi xác nhận." };
  const claimed = await QuestionImport.updateOne({ _id: record._id, status: "parsed" }, { $set: { status: "imported" } });
  if (claimed.modifiedCount !== 1) return { ok: false, status: 409, reason: "Tệp này đã được nhập." };

  const { items } = importParseResultSchema.parse(record.result);
  const wanted = choice.indexes ? new Set(choice.indexes) : null;
  const outcome: ConfirmImportResult = { created: [], duplicates: [], refused: [] };
  for (const item of items) {
    if (wanted && !wanted.has(item.index)) continue;
    if (!item.content || item.problems.length > 0) {
      outcome.refused.push({
        index: item.index,
        label: item.label,
        reason: item.problems.join(" ") || "Không đọc được câu hỏi.",
      });
      continue;
    }
    const draft = questionDraftSchema.safeParse({
      ...item.content,
      subject: choice.subject,
      grade: choice.grade,
      topicIds:
        item.category.length > 0 && choice.categoryTopics[categoryLabel(item.category)]
          ? [choice.categoryTopics[categoryLabel(item.category)]!]
          : choice.topicIds,
      level: item.level ?? choice.level,
      tags: item.category.length > 0 ? [categoryLabel(item.category).slice(0, 50)] : [],
      source: record.fileName.slice(0, 300),
    });
    if (!draft.success) {
      outcome.refused.push({ index: item.index, label: item.label, reason: draft.error.issues[0]?.message ?? "Không hợp lệ." });
      continue;
    }
    const created = await createQuestion(actor, draft.data, {
      allowDuplicate: choice.allowDuplicates,
      importedFrom: { importId: record._id, label: item.label },
    });
    if (created.ok) outcome.created.push({ index: item.index, id: created.value.id });
    else if (created.status === 409) outcome.duplicates.push({ index: item.index, label: item.label, reason: created.reason });
    else {
      outcome.refused.push({ index: item.index, label: item.label, reason: created.reason });
      // A refusal for the whole file (not a teacher, wrong subject or topics) stops here and lets the teacher retry.
      if (outcome.created.length === 0) {
        await QuestionImport.updateOne({ _id: record._id }, { $set: { status: "parsed" } });
        return { ok: false, status: created.status, reason: created.reason };
      }
    }
  }
  await QuestionImport.updateOne(
    { _id: record._id },
    { $set: { importedIds: outcome.created.map((entry) => new Types.ObjectId(entry.id)), importedAt: new Date() } },
  );
  return { ok: true, value: outcome };
}

/** Bytes of an image a question shows, for exporters that embed images. */
export const loadImage: LoadImage = async (src) => {
  const uploadId = /^\/media\/([a-f0-9]{24})$/.exec(src)?.[1];
  const key = uploadId ? await lectureImageKey(uploadId) : null;
  if (!key) return null;
  const { body, contentType } = await readObjectStream(key);
  if (!body) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return { data: Buffer.concat(chunks), contentType: contentType ?? "application/octet-stream" };
};

const EXPORTS = {
  docx: {
    extension: "docx",
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    write: (questions: ExportableQuestion[], includeAnswers: boolean) =>
      exportQuestionsDocx(questions, { title: "Câu hỏi — Kho Học Liệu", loadImage, includeAnswers }),
  },
  moodle_xml: {
    extension: "xml",
    mimeType: "application/xml; charset=utf-8",
    write: (questions: ExportableQuestion[]) => exportMoodleXml(questions, { loadImage }),
  },
  gift: {
    extension: "gift.txt",
    mimeType: "text/plain; charset=utf-8",
    write: (questions: ExportableQuestion[]) => exportGift(questions, { loadImage }),
  },
  qti: {
    extension: "zip",
    mimeType: "application/zip",
    write: (questions: ExportableQuestion[]) => exportQtiPackage(questions, { loadImage }),
  },
} as const;

/**
 * The chosen questions this person may read, written in one of the exchange formats. Each question is
 * exported as they see it (their latest version, or the approved one of someone else's).
 */
export async function exportQuestions(
  actor: Actor,
  ids: string[],
  format: keyof typeof EXPORTS,
  includeAnswers: boolean,
): Promise<QuestionResult<{ body: Uint8Array | string; mimeType: string; fileName: string }>> {
  const found = await Question.find({
    $and: [{ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, questionsFilter(actor)],
  }).lean<QuestionDoc[]>();
  if (found.length === 0) return { ok: false, status: 404, reason: "Không có câu hỏi nào để xuất." };
  const order = new Map(ids.map((id, index) => [id, index]));
  found.sort((left, right) => (order.get(String(left._id)) ?? 0) - (order.get(String(right._id)) ?? 0));
  const questions: (ExportableQuestion & { level: CognitiveLevel })[] = found.map((question, index) => {
    const mine = String(question.createdBy) === actor.id;
    const version = question.versions[(mine || !question.liveVersion ? question.latestVersion : question.liveVersion) - 1]!;
    return {
      label: `Câu ${index + 1}`,
      stem: version.stem as ExportableQuestion["stem"],
      body: version.body as ExportableQuestion["body"],
      solution: (version.solution ?? null) as ExportableQuestion["solution"],
      level: version.level as CognitiveLevel,
    };
  });
  const target = EXPORTS[format];
  const body = await target.write(questions, includeAnswers);
  const stamp = new Date().toISOString().slice(0, 10);
  return { ok: true, value: { body, mimeType: target.mimeType, fileName: `cau-hoi-${stamp}.${target.extension}` } };
}

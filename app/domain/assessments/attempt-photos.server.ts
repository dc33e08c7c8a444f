import { fileTypeFromBuffer } from "file-type";
import { Types } from "mongoose";
import { ESSAY_PHOTO_RULES, essayPhotoPath, type AttemptPhotoView } from "#content-schemas/assessments";
import type { AssessmentDoc } from "#models/assessment";
import { AttemptPhoto, type AttemptPhotoDoc } from "#models/attempt-photo";
import type { Actor } from "~/auth/session.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { redrawnPhoto, type RedrawnPhoto } from "~/services/images.server";
import { putObject } from "~/services/storage.server";
import { itemBody } from "./assessments.server";
import { ownAttempt, readableAttempt } from "./attempt-access.server";
import { deliveredAssessment } from "./delivery.server";

/**
 * Photos of essays written on paper (docs/assessment.md › Essay photos): the student sends each photo while the
 * attempt is open, then the essay's response lists the ones kept. Whoever may read the attempt may see its photos.
 */

/** Photos a student may send for one item: the response keeps at most `maxPerItem`, and retakes need some room. */
const MAX_SENT_PER_ITEM = ESSAY_PHOTO_RULES.maxPerItem * 3;

const viewOf = (photo: AttemptPhotoDoc): AttemptPhotoView => ({
  id: String(photo._id),
  itemKey: photo.itemKey,
  mimeType: photo.mimeType,
  size: photo.size,
  url: essayPhotoPath(String(photo.attemptId), String(photo._id)),
});

const CLOSED = { ok: false, status: 409, reason: "Bài làm đã nộp hoặc đã hết giờ: không gửi thêm ảnh được nữa." } as const;
const PHOTO_PROBLEMS: Record<Exclude<RedrawnPhoto, { ok: true }>["problem"], string> = {
  unreadable: "Không đọc được ảnh: tệp ảnh bị hỏng.",
  too_many_pixels: `Ảnh quá lớn: tối đa ${ESSAY_PHOTO_RULES.maxMegapixels} triệu điểm ảnh. Hãy chụp lại ở độ phân giải thấp hơn.`,
};

const NOT_THIS_ITEMS = { ok: false, status: 422, reason: "Câu trả lời có ảnh không thuộc câu này của bài làm." } as const;

type EssayItem = AssessmentDoc["items"][number];

function acceptsPhotos(item: EssayItem | undefined): boolean {
  if (!item) return false;
  const body = itemBody(item);
  return body.type === "essay" && body.allowPhoto;
}

/** Stores one photo for an essay item of the student's attempt in progress. */
export async function addEssayPhoto(
  actor: Actor,
  attemptId: string,
  itemKey: string,
  data: Uint8Array,
): Promise<DomainResult<AttemptPhotoView>> {
  const attempt = await ownAttempt(actor, attemptId);
  if (!attempt) return { ok: false, status: 404, reason: "Không tìm thấy bài làm." };
  if (attempt.status !== "in_progress" || attempt.deadline <= new Date()) return CLOSED;
  const assessment = await deliveredAssessment(attempt.assessmentId);
  const item = assessment?.items.find((candidate) => candidate.key === itemKey);
  if (!item) return { ok: false, status: 404, reason: "Bài kiểm tra không có câu này." };
  if (!acceptsPhotos(item)) return { ok: false, status: 422, reason: "Câu này không nhận ảnh bài làm." };
  if (data.byteLength === 0) return { ok: false, status: 422, reason: "Hãy chọn ảnh bài làm." };
  if (data.byteLength > ESSAY_PHOTO_RULES.maxBytes)
    return { ok: false, status: 422, reason: `Ảnh lớn hơn ${ESSAY_PHOTO_RULES.maxMegabytes} MB.` };
  const mimeType = (await fileTypeFromBuffer(data))?.mime;
  if (!mimeType || !(ESSAY_PHOTO_RULES.types as readonly string[]).includes(mimeType))
    return { ok: false, status: 422, reason: "Ảnh bài làm phải là tệp JPEG, PNG hoặc WebP." };
  if ((await AttemptPhoto.countDocuments({ attemptId: attempt._id, itemKey })) >= MAX_SENT_PER_ITEM)
    return { ok: false, status: 409, reason: `Câu này đã nhận ${MAX_SENT_PER_ITEM} ảnh: không gửi thêm được.` };

  // Kept redrawn whoever sent it (the quiz page redraws before sending; other clients and plain forms may not): a
  // child's photo must not carry where it was taken.
  const kept = await redrawnPhoto(data, {
    longSide: ESSAY_PHOTO_RULES.longSide,
    maxPixels: ESSAY_PHOTO_RULES.maxMegapixels * 1_000_000,
  });
  if (!kept.ok) return { ok: false, status: 422, reason: PHOTO_PROBLEMS[kept.problem] };
  // Redrawing waits its turn and can take seconds: the deadline may have passed meanwhile.
  if (attempt.deadline <= new Date()) return CLOSED;

  const id = new Types.ObjectId();
  const key = `attempts/${String(attempt._id)}/photos/${String(id)}.jpg`;
  // The object first: a recorded photo always has its bytes.
  await putObject(key, kept.bytes, "image/jpeg", kept.bytes.byteLength);
  const photo = await AttemptPhoto.create({
    _id: id,
    attemptId: attempt._id,
    itemKey,
    studentId: attempt.studentId,
    key,
    mimeType: "image/jpeg",
    size: kept.bytes.byteLength,
  });
  return { ok: true, value: viewOf(photo.toObject<AttemptPhotoDoc>()) };
}

/** The storage key of a photo of an attempt the person may read, or null. */
export async function essayPhotoKey(actor: Actor, attemptId: string, photoId: string): Promise<string | null> {
  if (!Types.ObjectId.isValid(photoId)) return null;
  const attempt = await readableAttempt(actor, attemptId);
  if (!attempt) return null;
  const photo = await AttemptPhoto.findOne({ _id: photoId, attemptId: attempt._id }, { key: 1 }).lean();
  return photo?.key ?? null;
}

/**
 * Photos already found to belong to an attempt's item, by id: a photo never moves or goes, and an essay with photos is
 * saved again with every pause in typing, so each save after the first needs no read.
 */
const confirmedPhotos = new Map<string, string>();
const MAX_CONFIRMED_PHOTOS = 100_000;

/**
 * Why an essay response may not list these photos, or null: only photos sent for the same attempt and item, each
 * once, on an item that accepts photos.
 */
export async function essayPhotosRefusal(
  attemptId: Types.ObjectId,
  item: EssayItem,
  photoIds: readonly string[],
): Promise<{ ok: false; status: 422; reason: string } | null> {
  if (photoIds.length === 0) return null;
  if (!acceptsPhotos(item)) return { ok: false, status: 422, reason: "Câu này không nhận ảnh bài làm." };
  if (photoIds.length > ESSAY_PHOTO_RULES.maxPerItem)
    return { ok: false, status: 422, reason: `Mỗi câu giữ tối đa ${ESSAY_PHOTO_RULES.maxPerItem} ảnh.` };
  const distinct = new Set(photoIds);
  if (distinct.size < photoIds.length || !photoIds.every((photoId) => Types.ObjectId.isValid(photoId))) return NOT_THIS_ITEMS;
  const owner = `${String(attemptId)}:${item.key}`;
  const unconfirmed = [...distinct].filter((photoId) => confirmedPhotos.get(photoId) !== owner);
  if (unconfirmed.length === 0) return null;
  const found = await AttemptPhoto.countDocuments({ _id: { $in: unconfirmed }, attemptId, itemKey: item.key });
  if (found !== unconfirmed.length) return NOT_THIS_ITEMS;
  if (confirmedPhotos.size >= MAX_CONFIRMED_PHOTOS) confirmedPhotos.clear();
  for (const photoId of unconfirmed) confirmedPhotos.set(photoId, owner);
  return null;
}

// Photos of essays written on paper, against the real database and storage: a student sends them while the attempt
// is open, the essay's answer lists them, the teacher finds them in the grading queue; what is refused and who may
// open a photo. Through the domain functions, then once through the two route modules.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { Types } from "mongoose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  assignAssessmentSchema,
  createAssessmentSchema,
  ESSAY_PHOTO_RULES,
  type AttemptPhotoView,
} from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { AttemptAnswer, attemptAnswerId } from "#models/attempt-answer";
import { AttemptPhoto } from "#models/attempt-photo";
import { Question } from "#models/question";
import { CLIENT_ADDRESS_HEADER } from "~/auth/request.server";
import { createSession, type Actor } from "~/auth/session.server";
import { addItem, createAssessment, generateVersions } from "~/domain/assessments/assessments.server";
import { assignAssessment } from "~/domain/assessments/assignments.server";
import { addEssayPhoto, essayPhotoKey } from "~/domain/assessments/attempt-photos.server";
import {
  attemptView,
  recordIntegrityEvents,
  saveResponse,
  startAttempt,
  submitAttempt,
} from "~/domain/assessments/attempts.server";
import { saveFormAnswers } from "~/domain/assessments/form-answers.server";
import { essayQueue } from "~/domain/assessments/results.server";
import { enrolStudent, saveClass } from "~/domain/classes/save-class.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { exportPersonalData } from "~/domain/people/person-record.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import * as photoRoute from "~/routes/api+/v1+/attempts+/$attemptId.photos.$photoId";
import * as photosRoute from "~/routes/api+/v1+/attempts+/$attemptId.responses.$itemKey.photos";
import { ensureBucket, headObject, listKeys, readObjectStart } from "~/services/storage.server";
import { testActor } from "../support/actors";
import { insertApprovedQuestions } from "../support/approved-questions";
import { blankPng, cameraJpeg, describeImage, plainPng } from "../support/images";

// ---- Image files ----------------------------------------------------------------------------------------------------

/** A phone photo 3,000 × 1,500 as stored, tagged to be shown turned (1,500 × 3,000), with the place it was taken. */
const JPEG = await cameraJpeg(3000, 1500, 6);
const PNG = await plainPng(40, 20);

/** A real 1 × 1 GIF: an image, but not one of the accepted types. */
const GIF = Uint8Array.from([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x21, 0xf9,
  0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00,
  0x3b,
]);
/** What a student's phone might save as "bai-lam.jpg" after all. */
const TEXT = new TextEncoder().encode("Bài làm câu 2: 7 × 8 = 56.\n");

// ---- The school -----------------------------------------------------------------------------------------------------

const SCHOOL = "AP-TRUONG";
const OTHER_SCHOOL = "AP-TRUONG-B";
const ORIGIN = "http://127.0.0.1:3000";
const MINUTE = 60_000;

const people = {} as Record<"teacher" | "colleague" | "otherSchoolTeacher" | "schoolAdmin" | "an" | "binh", Actor>;
/** Teacher's test: i1 short answer, i2 and i3 essays taking photos, i4 an essay without photos. */
let testId = "";
let classId = "";

const NOT_THIS_ITEM = "Câu trả lời có ảnh không thuộc câu này của bài làm.";
const NO_PHOTOS_HERE = "Câu này không nhận ảnh bài làm.";
const NOT_A_PHOTO = "Ảnh bài làm phải là tệp JPEG, PNG hoặc WebP.";
const CLOSED = "Bài làm đã nộp hoặc đã hết giờ: không gửi thêm ảnh được nữa.";

function value<T>(result: DomainResult<T>): T {
  if (!result.ok) throw new Error(`${result.status}: ${result.reason}`);
  return result.value;
}

/** The test given to the class once more (open now), and the student's attempt at it. */
async function openAttempt(student: Actor) {
  const input = assignAssessmentSchema.parse({
    classId,
    opensAt: new Date(Date.now() - 60 * MINUTE).toISOString(),
    closesAt: new Date(Date.now() + 120 * MINUTE).toISOString(),
    timeLimitMinutes: 45,
    showResults: "never",
  });
  const assignmentId = value(await assignAssessment(people.teacher, testId, input)).id;
  const attemptId = value(await startAttempt(student, assignmentId, { accessCode: "", address: "203.113.0.7" })).id;
  return { assignmentId, attemptId };
}

const essay = (text: string, photoUploadIds: string[] = []): QuestionResponse => ({ type: "essay", text, photoUploadIds });

/** What the attempt holds for an item while it is in progress (the answer saved on its own). */
async function heldAnswer(attemptId: string, itemKey: string) {
  const held = await AttemptAnswer.findById(attemptAnswerId(attemptId, itemKey)).lean();
  return held && { seq: held.seq, response: held.response };
}

/** The photos recorded for an attempt and the objects under its folder in storage. */
async function sentPhotos(attemptId: string) {
  const recorded = await AttemptPhoto.find({ attemptId: new Types.ObjectId(attemptId) }, { _id: 1 }).lean();
  return { recorded: recorded.length, stored: (await listKeys(`attempts/${attemptId}/photos/`)).length };
}

beforeAll(async () => {
  await ensureBucket();
  await importSubjects(GDPT_2018_SUBJECTS);
  await importTopicList([{ subjectCode: "TOAN", grade: 12, order: 1, name: "Ứng dụng đạo hàm", outcomes: [] }]);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ Giáo dục", type: "national" });
  await upsertOrganisation({ code: "AP-SGD", name: "Sở AP", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "AP-PGD", name: "Phòng AP", type: "district", parentCode: "AP-SGD" });
  await upsertOrganisation({ code: SCHOOL, name: "Trường THPT AP", type: "school", parentCode: "AP-PGD" });
  await upsertOrganisation({ code: OTHER_SCHOOL, name: "Trường THPT AP B", type: "school", parentCode: "AP-PGD" });
  people.teacher = await testActor("ap.gv.toan", SCHOOL, "teacher", "Cô Lan (Toán)");
  people.colleague = await testActor("ap.gv.van", SCHOOL, "teacher", "Thầy Nam (Văn)");
  people.otherSchoolTeacher = await testActor("ap.gv.b", OTHER_SCHOOL, "teacher", "Cô Hoa (trường B)");
  people.schoolAdmin = await testActor("ap.quantri", SCHOOL, "org_admin", "Quản trị trường AP");
  people.an = await testActor("ap.an", SCHOOL, "student", "Nguyễn Văn An");
  people.binh = await testActor("ap.binh", SCHOOL, "student", "Hoàng Văn Bình");

  const school = await organisationByCode(SCHOOL);
  const schoolYear = currentSchoolYear();
  const saved = await saveClass(school, {
    schoolId: String(school.id),
    schoolYear,
    name: "12A1",
    grade: 12,
    homeroomTeacherId: "",
    subjectTeachers: [{ subjectCode: "TOAN", teacherId: people.teacher.id }],
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  classId = saved.classId;
  for (const student of [people.an, people.binh]) await enrolStudent(school, schoolYear, "12A1", new Types.ObjectId(student.id));

  // Short answers, then essays (photos allowed, as the editor ticks by default), at Biết, Hiểu, Vận dụng.
  const [shortAnswer, , , firstEssay, secondEssay, paperlessEssay] = await insertApprovedQuestions({
    author: people.teacher,
    subject: "TOAN",
    grade: 12,
    topicIds: [(await listTopics("TOAN", 12))[0]!.id],
    perTopicAndLevel: { short_answer: 1, essay: 1 },
    label: "AP",
  });
  // The teacher unticked "Cho phép nộp ảnh chụp bài làm" on the last essay.
  await Question.updateOne({ _id: paperlessEssay }, { $set: { "versions.0.body.allowPhoto": false } });
  const settings = createAssessmentSchema.parse({
    title: "Kiểm tra tự luận có ảnh",
    subject: "TOAN",
    grade: 12,
    shuffleItems: false,
    shuffleOptions: false,
  });
  testId = value(await createAssessment(people.teacher, settings)).id;
  for (const [questionId, points] of [
    [shortAnswer!, 1],
    [firstEssay!, 4],
    [secondEssay!, 3],
    [paperlessEssay!, 2],
  ] as const)
    value(await addItem(people.teacher, testId, { questionId, points }));
  value((await generateVersions(people.teacher, testId, { versions: 1, firstCode: 101, redraw: false })).result);
});

// ---- Sending photos -------------------------------------------------------------------------------------------------

describe("essay photos", () => {
  it("stores the photos a student sends; the essay's answer lists them and the teacher finds them to mark", async () => {
    const { assignmentId, attemptId } = await openAttempt(people.an);
    const view = (await attemptView(people.an, attemptId))!;
    expect(view.items.map((item) => [item.key, item.allowPhoto])).toEqual([
      ["i1", false],
      ["i2", true],
      ["i3", true],
      ["i4", false],
    ]);

    const jpeg = value(await addEssayPhoto(people.an, attemptId, "i2", JPEG));
    expect(jpeg).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      itemKey: "i2",
      mimeType: "image/jpeg",
      size: expect.any(Number),
      url: `/api/v1/attempts/${attemptId}/photos/${jpeg.id}`,
    });
    const png = value(await addEssayPhoto(people.an, attemptId, "i2", PNG));
    expect(png).toMatchObject({ itemKey: "i2", mimeType: "image/jpeg" });
    const onPaperOnly = value(await addEssayPhoto(people.an, attemptId, "i3", JPEG));

    // Each photo is kept under the attempt redrawn, whoever sent it: upright, at most 2,000 px, as JPEG, and without
    // the place it was taken or the phone.
    const stored = await AttemptPhoto.findById(jpeg.id).lean();
    expect(stored).toMatchObject({
      itemKey: "i2",
      key: `attempts/${attemptId}/photos/${jpeg.id}.jpg`,
      mimeType: "image/jpeg",
      size: jpeg.size,
    });
    expect(String(stored!.studentId)).toBe(people.an.id);
    expect(await headObject(stored!.key)).toEqual({ size: jpeg.size, contentType: "image/jpeg" });
    expect(await describeImage(JPEG)).toMatchObject({ width: 3000, height: 1500, orientation: 6, cameraMetadata: true });
    expect(await describeImage(await readObjectStart(stored!.key, jpeg.size))).toEqual({
      format: "jpeg",
      width: 1000,
      height: 2000,
      orientation: null,
      cameraMetadata: false,
    });
    const storedPng = (await AttemptPhoto.findById(png.id).lean())!;
    expect(storedPng.key).toBe(`attempts/${attemptId}/photos/${png.id}.jpg`);
    // A small picture keeps its size: redrawing never enlarges.
    expect(await describeImage(await readObjectStart(storedPng.key, png.size))).toMatchObject({
      format: "jpeg",
      width: 40,
      height: 20,
    });
    expect(await sentPhotos(attemptId)).toEqual({ recorded: 3, stored: 3 });

    const saves = [
      ["i2", essay("Em trình bày trên giấy (2 trang).", [jpeg.id, png.id])],
      ["i3", essay("", [onPaperOnly.id])],
    ] as const;
    for (const [itemKey, response] of saves)
      expect(value(await saveResponse(people.an, attemptId, itemKey, { seq: 1, response }))).toMatchObject({
        outcome: "saved",
        response,
      });
    expect((await attemptView(people.an, attemptId))!.responses).toMatchObject({
      i2: { seq: 1, response: { type: "essay", photoUploadIds: [jpeg.id, png.id] } },
      i3: { seq: 1, response: { type: "essay", text: "", photoUploadIds: [onPaperOnly.id] } },
    });

    expect(value(await submitAttempt(people.an, attemptId)).status).toBe("submitted");
    // A photo alone is work to mark, like text.
    expect(await Attempt.findById(attemptId).lean<AttemptDoc>()).toMatchObject({ status: "submitted", pendingGrading: 2 });
    const queue = (await essayQueue(people.teacher, assignmentId))!;
    expect(queue.entries.map((entry) => [entry.studentName, entry.itemKey, entry.text, entry.photoUploadIds])).toEqual([
      ["Nguyễn Văn An", "i2", "Em trình bày trên giấy (2 trang).", [jpeg.id, png.id]],
      ["Nguyễn Văn An", "i3", "", [onPaperOnly.id]],
      ["Nguyễn Văn An", "i4", "", []],
    ]);
    // The teacher opens them from the queue.
    expect(await essayPhotoKey(people.teacher, attemptId, jpeg.id)).toBe(stored!.key);
    expect(await essayPhotoKey(people.teacher, attemptId, png.id)).toBe(storedPng.key);
  });

  it("refuses what is not a photo of this essay, of this student's open attempt, and keeps what was sent", async () => {
    const { attemptId } = await openAttempt(people.an);
    const kept = value(await addEssayPhoto(people.an, attemptId, "i2", JPEG));
    const refused = (status: number, reason: string) => ({ ok: false, status, reason });

    // The bytes decide, not the name the file had.
    expect(await addEssayPhoto(people.an, attemptId, "i2", TEXT)).toEqual(refused(422, NOT_A_PHOTO));
    expect(await addEssayPhoto(people.an, attemptId, "i2", GIF)).toEqual(refused(422, NOT_A_PHOTO));
    expect(await addEssayPhoto(people.an, attemptId, "i2", new Uint8Array())).toEqual(refused(422, "Hãy chọn ảnh bài làm."));
    // More pixels than a phone camera takes (8,200 × 8,000 = 65.6 megapixels), in a 2-MB file: refused from its header.
    expect(await addEssayPhoto(people.an, attemptId, "i2", await blankPng(8200, 8000))).toEqual(
      refused(422, "Ảnh quá lớn: tối đa 64 triệu điểm ảnh. Hãy chụp lại ở độ phân giải thấp hơn."),
    );
    // A JPEG cut off halfway (a photo still being written when it was chosen).
    expect(await addEssayPhoto(people.an, attemptId, "i2", JPEG.subarray(0, JPEG.byteLength / 2))).toEqual(
      refused(422, "Không đọc được ảnh: tệp ảnh bị hỏng."),
    );
    const tooLarge = new Uint8Array(ESSAY_PHOTO_RULES.maxBytes + 1);
    tooLarge.set(JPEG);
    expect(await addEssayPhoto(people.an, attemptId, "i2", tooLarge)).toEqual(refused(422, "Ảnh lớn hơn 10 MB."));
    // Items that take no photos: a short answer, an essay without photos, an item the test does not have.
    expect(await addEssayPhoto(people.an, attemptId, "i1", JPEG)).toEqual(refused(422, NO_PHOTOS_HERE));
    expect(await addEssayPhoto(people.an, attemptId, "i4", JPEG)).toEqual(refused(422, NO_PHOTOS_HERE));
    expect(await addEssayPhoto(people.an, attemptId, "i9", JPEG)).toEqual(refused(404, "Bài kiểm tra không có câu này."));
    // Only the attempt's student sends photos: not a classmate, not the teacher.
    for (const someoneElse of [people.binh, people.teacher, people.schoolAdmin])
      expect(await addEssayPhoto(someoneElse, attemptId, "i2", JPEG)).toEqual(refused(404, "Không tìm thấy bài làm."));
    expect(await addEssayPhoto(people.an, "khong-phai-ma", "i2", JPEG)).toEqual(refused(404, "Không tìm thấy bài làm."));
    expect(await sentPhotos(attemptId)).toEqual({ recorded: 1, stored: 1 });

    // Once submitted, nothing more; the photo sent before stays.
    value(await submitAttempt(people.an, attemptId));
    expect(await addEssayPhoto(people.an, attemptId, "i2", JPEG)).toEqual(refused(409, CLOSED));
    expect(await sentPhotos(attemptId)).toEqual({ recorded: 1, stored: 1 });
    expect(await essayPhotoKey(people.an, attemptId, kept.id)).toBe(`attempts/${attemptId}/photos/${kept.id}.jpg`);

    // Past the deadline (not yet swept by the worker), neither.
    const late = await openAttempt(people.an);
    await Attempt.updateOne({ _id: late.attemptId }, { $set: { deadline: new Date(Date.now() - 1000) } });
    expect(await addEssayPhoto(people.an, late.attemptId, "i2", JPEG)).toEqual(refused(409, CLOSED));
    expect(await sentPhotos(late.attemptId)).toEqual({ recorded: 0, stored: 0 });
  });

  it(`takes at most ${ESSAY_PHOTO_RULES.maxPerItem * 3} photos per item`, async () => {
    const { attemptId } = await openAttempt(people.binh);
    const limit = ESSAY_PHOTO_RULES.maxPerItem * 3;
    for (let sent = 0; sent < limit; sent++) value(await addEssayPhoto(people.binh, attemptId, "i3", PNG));
    expect(await addEssayPhoto(people.binh, attemptId, "i3", PNG)).toEqual({
      ok: false,
      status: 409,
      reason: `Câu này đã nhận ${limit} ảnh: không gửi thêm được.`,
    });
    // Another item has its own count.
    expect(await addEssayPhoto(people.binh, attemptId, "i2", PNG)).toMatchObject({ ok: true });
    expect(await sentPhotos(attemptId)).toEqual({ recorded: limit + 1, stored: limit + 1 });
  });
});

describe("saving an essay with photos again", () => {
  it("reads the photos once: each later save (every pause in typing) finds them already confirmed", async () => {
    const { attemptId } = await openAttempt(people.binh);
    const photo = value(await addEssayPhoto(people.binh, attemptId, "i2", PNG));
    const count = vi.spyOn(AttemptPhoto, "countDocuments");
    try {
      for (const seq of [1, 2, 3])
        value(await saveResponse(people.binh, attemptId, "i2", { seq, response: essay(`Lần ${seq}.`, [photo.id]) }));
      expect(count).toHaveBeenCalledTimes(1);
    } finally {
      count.mockRestore();
    }
    expect((await heldAnswer(attemptId, "i2"))?.response).toEqual(essay("Lần 3.", [photo.id]));
  });
});

describe("a plain form post (no JavaScript)", () => {
  it("sends the chosen photos with the answer, refuses those with no room left, and never loses the text", async () => {
    const { attemptId } = await openAttempt(people.an);
    const kept = [];
    for (let index = 0; index < ESSAY_PHOTO_RULES.maxPerItem - 1; index++)
      kept.push(value(await addEssayPhoto(people.an, attemptId, "i2", PNG)).id);
    value(await saveResponse(people.an, attemptId, "i2", { seq: 1, response: essay("Trước.", kept) }));

    const form = new FormData();
    form.append("r.i2", "Bài làm viết tiếp.");
    for (const photoId of kept) form.append("r.i2.photo", photoId);
    form.append("p.i2", new File([JPEG], "trang-10.jpg", { type: "image/jpeg" }));
    form.append("p.i2", new File([PNG], "trang-11.png", { type: "image/png" }));
    form.append("p.i3", new File([TEXT], "bai.jpg", { type: "image/jpeg" }));
    const view = (await attemptView(people.an, attemptId))!;
    expect(await saveFormAnswers(people.an, view, form)).toEqual({ refusedPhotos: 2 });

    const held = await heldAnswer(attemptId, "i2");
    expect(held?.seq).toBe(2);
    expect(held?.response).toMatchObject({ type: "essay", text: "Bài làm viết tiếp." });
    const photoIds = (held?.response as { photoUploadIds: string[] }).photoUploadIds;
    expect(photoIds).toHaveLength(ESSAY_PHOTO_RULES.maxPerItem);
    expect(photoIds.slice(0, kept.length)).toEqual(kept);
    // The one with no room and the text file were never stored.
    expect(await sentPhotos(attemptId)).toEqual({ recorded: ESSAY_PHOTO_RULES.maxPerItem, stored: ESSAY_PHOTO_RULES.maxPerItem });
    expect(await heldAnswer(attemptId, "i3")).toBeNull();
  });
});

// ---- Listing photos in the answer -----------------------------------------------------------------------------------

describe("an essay's answer and its photos", () => {
  it("lists only photos sent for the same attempt and item, each once; a refused save changes nothing", async () => {
    const { attemptId } = await openAttempt(people.an);
    const mine = value(await addEssayPhoto(people.an, attemptId, "i2", JPEG));
    const mineOther = value(await addEssayPhoto(people.an, attemptId, "i2", PNG));
    const ofItem3 = value(await addEssayPhoto(people.an, attemptId, "i3", JPEG));
    const classmates = await openAttempt(people.binh);
    const theirs = value(await addEssayPhoto(people.binh, classmates.attemptId, "i2", JPEG));
    // A photo of the student's own earlier attempt at the same test is not one of this attempt's either.
    const earlier = await openAttempt(people.an);
    const ofEarlierAttempt = value(await addEssayPhoto(people.an, earlier.attemptId, "i2", JPEG));

    const first = essay("Lần lưu đầu.", [mine.id]);
    expect(value(await saveResponse(people.an, attemptId, "i2", { seq: 1, response: first })).outcome).toBe("saved");

    const refusals: [string, string[]][] = [
      ["another student's attempt", [theirs.id]],
      ["another attempt of mine", [ofEarlierAttempt.id]],
      ["made up", [new Types.ObjectId().toHexString()]],
      // A plain form post passes the posted values on as they came.
      ["not an id", ["khong-phai-ma"]],
      ["twice", [mine.id, mine.id]],
      ["another item's", [ofItem3.id]],
      ["one of mine and one not", [mineOther.id, theirs.id]],
    ];
    let seq = 2;
    for (const [why, photoUploadIds] of refusals) {
      const result = await saveResponse(people.an, attemptId, "i2", {
        seq: seq++,
        response: essay(`Sửa: ${why}.`, photoUploadIds),
      });
      expect({ why, result }).toEqual({ why, result: { ok: false, status: 422, reason: NOT_THIS_ITEM } });
    }
    // An essay without photos takes none, even the attempt's own.
    expect(await saveResponse(people.an, attemptId, "i4", { seq: 1, response: essay("Bài viết.", [mine.id]) })).toEqual({
      ok: false,
      status: 422,
      reason: NO_PHOTOS_HERE,
    });

    expect(await heldAnswer(attemptId, "i2")).toEqual({ seq: 1, response: first });
    expect(await heldAnswer(attemptId, "i4")).toBeNull();
    expect((await attemptView(people.an, attemptId))!.responses).toEqual({
      i2: { seq: 1, response: first, savedAt: expect.any(String) },
    });

    // The refused saves stored no sequence number either: the next change is taken at seq 2.
    const both = essay("Lần lưu thứ hai.", [mineOther.id, mine.id]);
    expect(value(await saveResponse(people.an, attemptId, "i2", { seq: 2, response: both })).outcome).toBe("saved");
    expect(value(await saveResponse(people.an, attemptId, "i4", { seq: 1, response: essay("Bài viết.") })).outcome).toBe("saved");
    expect(await heldAnswer(attemptId, "i2")).toEqual({ seq: 2, response: both });
    // Removing a photo from the answer keeps it in storage (another save may list it again).
    const fewer = essay("Lần lưu thứ ba.", [mineOther.id]);
    expect(value(await saveResponse(people.an, attemptId, "i2", { seq: 3, response: fewer })).outcome).toBe("saved");
    expect(await sentPhotos(attemptId)).toEqual({ recorded: 3, stored: 3 });
  });
});

// ---- Who may open a photo -------------------------------------------------------------------------------------------

describe("opening a photo", () => {
  it("is for whoever may read the attempt: its student, the test's teacher, the administrators over the school", async () => {
    const { attemptId } = await openAttempt(people.an);
    const photo = value(await addEssayPhoto(people.an, attemptId, "i2", JPEG));
    const key = `attempts/${attemptId}/photos/${photo.id}.jpg`;
    for (const reader of [people.an, people.teacher, people.schoolAdmin])
      expect(await essayPhotoKey(reader, attemptId, photo.id)).toBe(key);
    for (const outsider of [people.binh, people.colleague, people.otherSchoolTeacher])
      expect(await essayPhotoKey(outsider, attemptId, photo.id)).toBeNull();

    // Only through the attempt the photo belongs to, and only real ids.
    const binhs = await openAttempt(people.binh);
    expect(await essayPhotoKey(people.binh, binhs.attemptId, photo.id)).toBeNull();
    expect(await essayPhotoKey(people.teacher, binhs.attemptId, photo.id)).toBeNull();
    expect(await essayPhotoKey(people.an, attemptId, new Types.ObjectId().toHexString())).toBeNull();
    expect(await essayPhotoKey(people.an, attemptId, "khong-phai-ma")).toBeNull();
    expect(await essayPhotoKey(people.an, "khong-phai-ma", photo.id)).toBeNull();
  });
});

// ---- Through the routes ---------------------------------------------------------------------------------------------

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response>;

/** A signed-in browser's session cookie for this person. */
async function cookieOf(actor: Actor) {
  const setCookie = await createSession(actor.id, new Request(ORIGIN, { headers: { [CLIENT_ADDRESS_HEADER]: "10.9.9.9" } }));
  return setCookie.split(";")[0]!;
}

async function send(
  handler: Handler,
  url: string,
  params: Record<string, string>,
  init: { method?: string; cookie?: string; body?: BodyInit; contentType?: string } = {},
) {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "10.9.9.9", origin: ORIGIN });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.contentType) headers.set("content-type", init.contentType);
  const request = new Request(`${ORIGIN}${url}`, { method: init.method ?? "GET", headers, body: init.body });
  return handler({ request, params, context: {} });
}

function photoForm(bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.set("photo", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return form;
}

describe("the photo routes", () => {
  it("POST takes a multipart photo (201), refuses other bodies; GET redirects a reader to the stored bytes", async () => {
    const { attemptId } = await openAttempt(people.an);
    const [student, teacher, classmate] = await Promise.all([
      cookieOf(people.an),
      cookieOf(people.teacher),
      cookieOf(people.binh),
    ]);
    const post = (itemKey: string, body: BodyInit | undefined, contentType?: string, cookie = student) =>
      send(
        photosRoute.action as Handler,
        `/api/v1/attempts/${attemptId}/responses/${itemKey}/photos`,
        { attemptId, itemKey },
        { method: "POST", cookie, body, contentType },
      );

    const created = await post("i2", photoForm(JPEG, "IMG_0001.jpg", "image/jpeg"));
    expect(created.status).toBe(201);
    const photo = (await created.json()) as AttemptPhotoView;
    expect(photo).toMatchObject({ itemKey: "i2", mimeType: "image/jpeg" });
    expect(photo.url).toBe(`/api/v1/attempts/${attemptId}/photos/${photo.id}`);

    const json = await post("i2", JSON.stringify({ photo: "IMG_0001.jpg" }), "application/json");
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ status: 415, detail: "Hãy gửi tệp trong một biểu mẫu multipart/form-data." });
    const renamed = await post("i2", photoForm(TEXT, "bai-lam.jpg", "image/jpeg"));
    expect(renamed.status).toBe(422);
    expect(await renamed.json()).toMatchObject({ detail: NOT_A_PHOTO });
    const tooLarge = new Uint8Array(ESSAY_PHOTO_RULES.maxBytes + 1);
    tooLarge.set(JPEG);
    const large = await post("i2", photoForm(tooLarge, "IMG_0002.jpg", "image/jpeg"));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ detail: "Tệp lớn hơn 10 MB." });
    const otherField = new FormData();
    otherField.set("file", new File([JPEG as Uint8Array<ArrayBuffer>], "IMG_0003.jpg", { type: "image/jpeg" }));
    expect((await post("i2", otherField)).status).toBe(400);
    expect((await post("i1", photoForm(JPEG, "IMG_0004.jpg", "image/jpeg"))).status).toBe(422);
    expect((await post("i2", photoForm(JPEG, "IMG_0005.jpg", "image/jpeg"), undefined, classmate)).status).toBe(404);
    expect((await post("i2", photoForm(JPEG, "IMG_0006.jpg", "image/jpeg"), undefined, "")).status).toBe(401);
    expect(await sentPhotos(attemptId)).toEqual({ recorded: 1, stored: 1 });

    const open = (cookie: string, photoId = photo.id) =>
      send(photoRoute.loader as Handler, `/api/v1/attempts/${attemptId}/photos/${photoId}`, { attemptId, photoId }, { cookie });
    const redirected = await open(student);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("cache-control")).toBe("private, max-age=600");
    const location = redirected.headers.get("location")!;
    expect(location).toMatch(/^https?:\/\//);
    const fetched = await fetch(location);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/jpeg");
    const kept = (await AttemptPhoto.findById(photo.id).lean())!;
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(await readObjectStart(kept.key, kept.size));

    expect((await open(teacher)).status).toBe(302);
    const hidden = await open(classmate);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ detail: "Không tìm thấy ảnh bài làm." });
    expect((await open(student, new Types.ObjectId().toHexString())).status).toBe(404);
    expect((await open("")).status).toBe(401);
  });
});

// ---- The student's personal data ------------------------------------------------------------------------------------

describe("a student's personal-data export", () => {
  it("holds every test: answers, marks, photos, the start address and the integrity log; a teacher's holds none", async () => {
    const chi = await testActor("ap.chi", SCHOOL, "student", "Lê Minh Chi");
    await enrolStudent(await organisationByCode(SCHOOL), currentSchoolYear(), "12A1", new Types.ObjectId(chi.id));

    const submitted = await openAttempt(chi);
    const photo = value(await addEssayPhoto(chi, submitted.attemptId, "i2", JPEG));
    const shortAnswer: QuestionResponse = { type: "short_answer", text: "-1,5" };
    value(await saveResponse(chi, submitted.attemptId, "i1", { seq: 1, response: shortAnswer }));
    value(await saveResponse(chi, submitted.attemptId, "i2", { seq: 1, response: essay("Xem ảnh.", [photo.id]) }));
    value(await recordIntegrityEvents(chi, submitted.attemptId, [{ type: "tab_hidden", detail: "" }]));
    value(await submitAttempt(chi, submitted.attemptId));
    // A second test still in progress: its answer is saved on its own until submitted.
    const inProgress = await openAttempt(chi);
    value(await saveResponse(chi, inProgress.attemptId, "i3", { seq: 4, response: essay("Đang viết.") }));

    const exported = await exportPersonalData(people.schoolAdmin, chi.id, "203.0.113.9");
    expect(exported.json.attempts).toEqual([
      expect.objectContaining({
        test: "Kiểm tra tự luận có ảnh",
        className: "12A1",
        versionCode: 101,
        status: "submitted",
        submittedAt: expect.any(String),
        startAddress: "203.113.0.7",
        answers: [
          expect.objectContaining({ itemKey: "i1", response: shortAnswer, earned: expect.any(Number), comment: "" }),
          expect.objectContaining({ itemKey: "i2", response: essay("Xem ảnh.", [photo.id]) }),
        ],
        photos: [expect.objectContaining({ id: photo.id, itemKey: "i2", size: photo.size, url: photo.url })],
        events: [expect.objectContaining({ type: "tab_hidden" })],
      }),
      expect.objectContaining({
        status: "in_progress",
        submittedAt: null,
        score: null,
        answers: [expect.objectContaining({ itemKey: "i3", response: essay("Đang viết.") })],
        photos: [],
      }),
    ]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.xlsx as unknown as ArrayBuffer);
    const rows = (sheet: string) =>
      workbook
        .getWorksheet(sheet)!
        .getSheetValues()
        .slice(2)
        .map((row) => (row as unknown[]).slice(1));
    expect(rows("Bài kiểm tra").map((row) => [row[0], row[1], row[4], row[8], row[10]])).toEqual([
      ["Kiểm tra tự luận có ảnh", "12A1", "Đã nộp", "203.113.0.7", 1],
      ["Kiểm tra tự luận có ảnh", "12A1", "Đang làm", "203.113.0.7", 0],
    ]);
    expect(rows("Câu trả lời").map((row) => [row[2], row[3]])).toEqual([
      ["i1", JSON.stringify(shortAnswer)],
      ["i2", JSON.stringify(essay("Xem ảnh.", [photo.id]))],
      ["i3", JSON.stringify(essay("Đang viết."))],
    ]);

    expect((await exportPersonalData(people.schoolAdmin, people.teacher.id, "203.0.113.9")).json.attempts).toEqual([]);

    // The student exporting their own data sees no mark the test does not show them yet (this one: never).
    const own = (await exportPersonalData(chi, chi.id, "203.0.113.9")).json.attempts;
    expect(own[0]).toMatchObject({ status: "submitted", score: null, photos: [expect.objectContaining({ id: photo.id })] });
    expect(own[0]!.answers.map((answer) => [answer.itemKey, answer.earned, answer.comment])).toEqual([
      ["i1", null, ""],
      ["i2", null, ""],
    ]);
  });
});

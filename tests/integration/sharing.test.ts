// The shared repository against the real services: who finds what (with facet counts), use in a class
// and what its students see, copy to another school with attribution, ratings, comments and problem reports.
import { Types } from "mongoose";
import { APPROVE, testActor } from "../support/actors";
import { beforeAll, describe, expect, it } from "vitest";
import { repositoryQuerySchema } from "#content-schemas/sharing";
import { ClassUse } from "#models/class-use";
import { Material, type MaterialDoc } from "#models/material";
import { MaterialRating } from "#models/material-feedback";
import type { Actor } from "~/auth/session.server";
import { enrolStudent, saveClass } from "~/domain/classes/save-class.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { createMaterial, materialForViewer, updateMaterial } from "~/domain/materials/materials.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { reviewQueue } from "~/domain/review/review-queue.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { classUsesOf, materialsForStudent, removeClassUse, giveToClass } from "~/domain/sharing/class-use.server";
import { copyToMySchool } from "~/domain/sharing/copy.server";
import { addComment, deleteComment, listComments, rateMaterial } from "~/domain/sharing/feedback.server";
import { browseRepository } from "~/domain/sharing/repository.server";
import { openReportsFor, reportProblem, resolveReport } from "~/domain/sharing/reports.server";
import { schoolDay } from "~/domain/sharing/school-day";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { ensureBucket, headObject } from "~/services/storage.server";
import { minimalPdf } from "../support/material-files";
import { upload } from "../support/uploads";

const people: Record<string, Actor> = {};
const ids = { classB: "", otherClassB: "", topic: "" };

const dueAt = new Date(Date.now() + 86_400_000);
const browse = (actor: Actor, query: Record<string, unknown> = {}) => browseRepository(actor, repositoryQuerySchema.parse(query));

async function published(
  title: string,
  options: { licence?: string; district?: boolean; grades?: number[]; topicIds?: string[]; uploadId?: string } = {},
) {
  const created = await createMaterial(people.author!, {
    ...(options.uploadId
      ? { kind: "document" as const, uploadId: options.uploadId }
      : { kind: "link" as const, url: "https://example.org/tu-lieu" }),
    title,
    summary: "Tư liệu dùng chung",
    subjectCode: "TOAN",
    grades: options.grades ?? [6],
    topicIds: options.topicIds ?? [],
    language: "vi",
    licence: (options.licence ?? "CC-BY-4.0") as "CC-BY-4.0",
    authors: [],
  });
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  expect(await reviewStep(people.author!, id, { action: "submit" })).toMatchObject({ ok: true });
  expect(await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toMatchObject({
    ok: true,
  });
  expect(await reviewStep(people.member!, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  if (options.district !== false) {
    expect(await nominate(people.author!, id)).toMatchObject({ ok: true });
    expect(await decideNomination(people.districtReviewer!, id, APPROVE)).toMatchObject({ ok: true });
  }
  return id;
}

beforeAll(async () => {
  await ensureBucket();
  await importSubjects(GDPT_2018_SUBJECTS);
  await importTopicList(GDPT_2018_TOPICS, { keepExisting: true });
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-S", name: "Sở S", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-S1", name: "Phòng S1", type: "district", parentCode: "SGD-S" });
  await upsertOrganisation({ code: "PGD-S2", name: "Phòng S2", type: "district", parentCode: "SGD-S" });
  await upsertOrganisation({ code: "TRUONG-SA", name: "Trường SA", type: "school", parentCode: "PGD-S1" });
  await upsertOrganisation({ code: "TRUONG-SB", name: "Trường SB", type: "school", parentCode: "PGD-S1" });
  await upsertOrganisation({ code: "TRUONG-SC", name: "Trường SC", type: "school", parentCode: "PGD-S2" });
  people.author = await testActor("s.tacgia", "TRUONG-SA", "teacher", "s.tacgia (họ tên)");
  people.leader = await testActor("s.totruong", "TRUONG-SA", "teacher", "s.totruong (họ tên)");
  people.member = await testActor("s.thanhvien", "TRUONG-SA", "teacher", "s.thanhvien (họ tên)");
  people.sibling = await testActor("s.truongb", "TRUONG-SB", "teacher", "s.truongb (họ tên)");
  people.siblingColleague = await testActor("s.truongb2", "TRUONG-SB", "teacher", "s.truongb2 (họ tên)");
  people.student = await testActor("s.hocsinh", "TRUONG-SB", "student", "s.hocsinh (họ tên)");
  people.otherStudent = await testActor("s.hocsinh2", "TRUONG-SB", "student", "s.hocsinh2 (họ tên)");
  people.farAway = await testActor("s.truongc", "TRUONG-SC", "teacher", "s.truongc (họ tên)");
  people.districtReviewer = await testActor("s.chuyenvien", "PGD-S1", "reviewer", "s.chuyenvien (họ tên)");
  const schoolA = await organisationByCode("TRUONG-SA");
  expect(
    await saveSubjectGroup(schoolA, {
      schoolId: String(schoolA.id),
      name: "Tổ Toán",
      subjectCodes: ["TOAN"],
      leaderId: people.leader.id,
      memberIds: [people.leader.id, people.member.id, people.author.id],
    }),
  ).toMatchObject({ ok: true });
  const schoolB = await organisationByCode("TRUONG-SB");
  const schoolYear = currentSchoolYear();
  const classB = await saveClass(schoolB, {
    schoolId: String(schoolB.id),
    schoolYear,
    name: "6A1",
    grade: 6,
    homeroomTeacherId: "",
    subjectTeachers: [{ subjectCode: "TOAN", teacherId: people.sibling.id }],
  });
  const otherClassB = await saveClass(schoolB, {
    schoolId: String(schoolB.id),
    schoolYear,
    name: "6A2",
    grade: 6,
    homeroomTeacherId: people.siblingColleague.id,
    subjectTeachers: [],
  });
  if (!classB.ok || !otherClassB.ok) throw new Error("classes");
  ids.classB = classB.classId;
  ids.otherClassB = otherClassB.classId;
  await enrolStudent(schoolB, schoolYear, "6A1", new Types.ObjectId(people.student.id));
  await enrolStudent(schoolB, schoolYear, "6A2", new Types.ObjectId(people.otherStudent.id));
  ids.topic = (await listTopics("TOAN", 6))[0]!.id;
});

describe("shared repository", () => {
  it("shows a sibling school's item only once it reaches district scope, with facet counts matching the database", async () => {
    const title = "Phân số – tư liệu chung";
    const id = await published(title, { district: false, topicIds: [] });
    expect((await browse(people.sibling!, { q: title })).items).toEqual([]);
    expect((await browse(people.author!, { q: title })).items.map((item) => item.id)).toEqual([id]);

    expect(await nominate(people.author!, id)).toMatchObject({ ok: true });
    expect((await browse(people.sibling!, { q: title })).total).toBe(0);
    expect(await decideNomination(people.districtReviewer!, id, APPROVE)).toMatchObject({ ok: true });
    const page = await browse(people.sibling!, { q: title });
    expect(page.items).toEqual([
      expect.objectContaining({ id, title, scope: "district", owner: { id: people.author!.organisationId, name: "Trường SA" } }),
    ]);
    expect((await browse(people.sibling!, { q: "phan so" })).items.map((item) => item.id)).toContain(id);
    // A school in another district and a student never see it.
    expect((await browse(people.farAway!, { q: title })).total).toBe(0);
    expect((await browse(people.student!, { q: title })).total).toBe(0);
  });

  it("counts each facet over what the person may see, ignoring only that facet's own filter", async () => {
    await published("Số nguyên – Lớp 6", { grades: [6], topicIds: [ids.topic] });
    await published("Hàm số – Lớp 9", { grades: [9] });
    const visible = await Material.find({
      "live.subjectCode": "TOAN",
      scope: { $in: ["district", "province", "national"] },
      organisationPath: (await organisationByCode("PGD-S1")).id,
      deletedAt: null,
    }).lean<MaterialDoc[]>();
    const page = await browse(people.sibling!, { grade: 6 });
    const byGrade = (grade: number) => visible.filter((material) => material.live?.grades.includes(grade)).length;
    expect(page.total).toBe(byGrade(6));
    expect(page.facets.grade).toEqual(
      expect.arrayContaining([
        { value: "6", count: byGrade(6) },
        { value: "9", count: byGrade(9) },
      ]),
    );
    expect(page.facets.subject).toEqual([{ value: "TOAN", count: byGrade(6) }]);
    const withTopic = await browse(people.sibling!, { topic: ids.topic });
    expect(withTopic.items.map((item) => item.title)).toEqual(["Số nguyên – Lớp 6"]);
    expect(page.facets.topic).toContainEqual({ value: ids.topic, count: 1 });
    expect(page.labels.topics[ids.topic]).toMatch(/Lớp 6/);
  });
});

describe("use in my class", () => {
  it("pins the live version for the class; its students open that version, other students nothing", async () => {
    const id = await published("Góc và đo góc");
    expect(await giveToClass(people.sibling!, id, { classId: ids.otherClassB, note: "" })).toMatchObject({
      ok: false,
      status: 403,
    });
    const given = await giveToClass(people.sibling!, id, {
      classId: ids.classB,
      note: "Xem trước giờ học.",
      closesOn: "2099-01-01",
    });
    expect(given).toMatchObject({ ok: true, value: { version: 1, class: { name: "6A1" }, closesOn: "2099-01-01" } });
    // Giving it again changes the days, not the count of classes using it.
    expect(await giveToClass(people.sibling!, id, { classId: ids.classB, note: "Xem trước giờ học." })).toMatchObject({
      ok: true,
    });
    expect((await Material.findById(id).lean())?.counters?.uses).toBe(1);
    expect(await classUsesOf(people.sibling!, { _id: (await Material.findById(id).lean())!._id })).toHaveLength(1);

    expect((await materialsForStudent(people.student!)).map((item) => item.materialId)).toContain(id);
    expect(await materialForViewer(people.student!, id)).toMatchObject({ version: { number: 1, title: "Góc và đo góc" } });
    expect(await materialForViewer(people.otherStudent!, id)).toBeNull();
    expect((await materialsForStudent(people.otherStudent!)).map((item) => item.materialId)).not.toContain(id);

    // The author publishes version 2: the class keeps the version it was given.
    expect(await updateMaterial(people.author!, id, { title: "Góc và đo góc (bản 2)" })).toMatchObject({ ok: true });
    expect(await reviewStep(people.author!, id, { action: "submit" })).toMatchObject({ ok: true });
    expect(await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toMatchObject({
      ok: true,
    });
    expect(await reviewStep(people.member!, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
    expect(await materialForViewer(people.student!, id)).toMatchObject({ version: { number: 1, title: "Góc và đo góc" } });
    expect(await materialForViewer(people.student!, id, 2)).toBeNull();
    expect(await materialForViewer(people.sibling!, id)).toMatchObject({ version: { number: 2 } });
  });

  it("shows nothing before the opening day or after the closing day", async () => {
    const id = await published("Tỉ số phần trăm");
    const today = schoolDay();
    expect(await giveToClass(people.sibling!, id, { classId: ids.classB, note: "", opensOn: "2099-01-01" })).toMatchObject({
      ok: true,
    });
    expect(await materialForViewer(people.student!, id)).toBeNull();
    expect(
      await giveToClass(people.sibling!, id, { classId: ids.classB, note: "", opensOn: "2020-01-01", closesOn: "2020-02-01" }),
    ).toMatchObject({ ok: true });
    expect(await materialForViewer(people.student!, id)).toBeNull();
    expect(
      await giveToClass(people.sibling!, id, { classId: ids.classB, note: "", opensOn: today, closesOn: today }),
    ).toMatchObject({ ok: true });
    expect(await materialForViewer(people.student!, id)).not.toBeNull();

    const use = await ClassUse.findOne({ materialId: id }).lean();
    expect(await removeClassUse(people.farAway!, String(use!._id))).toMatchObject({ ok: false, status: 404 });
    expect(await removeClassUse(people.sibling!, String(use!._id))).toEqual({ ok: true, value: null });
    expect(await materialForViewer(people.student!, id)).toBeNull();
  });
});

describe("copy to my school", () => {
  it("makes a draft in the copying school with the source credited, and counts the copy", async () => {
    const id = await published("Ước và bội");
    expect(await copyToMySchool(people.author!, id)).toMatchObject({ ok: false, status: 409 });
    expect(await copyToMySchool(people.student!, id)).toMatchObject({ ok: false, status: 404 });
    const copied = await copyToMySchool(people.sibling!, id);
    if (!copied.ok) throw new Error(copied.reason);
    const copy = await materialForViewer(people.sibling!, copied.value.id);
    expect(copy).toMatchObject({
      owner: { id: people.sibling!.organisationId, name: "Trường SB" },
      scope: "private",
      version: { status: "draft", title: "Ước và bội", authors: ["s.tacgia (họ tên)"], licence: "CC-BY-4.0" },
      derivedFrom: { materialId: id, version: 1, ownerName: "Trường SA", authors: ["s.tacgia (họ tên)"], licence: "CC-BY-4.0" },
      canEdit: true,
    });
    expect((await Material.findById(id).lean())?.counters?.copies).toBe(1);
  });

  it("copies the stored file for the new school and has it processed again", async () => {
    const uploaded = await upload(people.author!, "document", "bai-giang.pdf", minimalPdf(1));
    if (!uploaded.ok) throw new Error(uploaded.reason);
    const id = await published("Phiếu học tập (PDF)", { uploadId: uploaded.value.id });
    const copied = await copyToMySchool(people.farAway!, id);
    expect(copied).toMatchObject({ ok: false, status: 404 });
    const fromSibling = await copyToMySchool(people.sibling!, id);
    if (!fromSibling.ok) throw new Error(fromSibling.reason);
    const stored = await Material.findById(fromSibling.value.id).lean<MaterialDoc>();
    const file = stored!.versions[0]!.file!;
    expect(file.key).toContain(`orgs/${people.sibling!.organisationId}/`);
    expect(await headObject(file.key)).toMatchObject({ size: minimalPdf(1).length });
    expect(stored!.processingState).toBe("queued");
    expect(stored!.outbox.map((event) => event.topic)).toEqual(["material.file_added"]);
  });

  it("refuses licences that forbid adaptations, with the reason", async () => {
    const id = await published("Đề cương (không cho phái sinh)", { licence: "CC-BY-ND-4.0" });
    expect(await copyToMySchool(people.sibling!, id)).toMatchObject({
      ok: false,
      status: 403,
      reason: expect.stringContaining("Giấy phép"),
    });
  });
});

describe("ratings, comments and problem reports", () => {
  it("keeps an exact average when teachers rate at once and when one changes their mind", async () => {
    const id = await published("Biểu đồ cột");
    expect(await rateMaterial(people.author!, id, 5)).toMatchObject({ ok: false, status: 403 });
    expect(await rateMaterial(people.student!, id, 5)).toMatchObject({ ok: false, status: 404 });
    const raters = await Promise.all(
      Array.from({ length: 8 }, (_, index) => testActor(`s.danhgia${index}`, "TRUONG-SB", "teacher")),
    );
    await Promise.all(raters.map((rater, index) => rateMaterial(rater, id, (index % 5) + 1)));
    expect(await rateMaterial(raters[0]!, id, 5)).toMatchObject({ ok: true, value: { mine: 5 } });
    const ratings = await MaterialRating.find({ materialId: id }).lean();
    const sum = ratings.reduce((total, rating) => total + rating.stars, 0);
    const material = (await Material.findById(id).lean())!;
    expect(material.rating).toMatchObject({ count: 8, sum, average: sum / 8 });
    expect((await browse(people.sibling!, { q: "Biểu đồ cột", sort: "top_rated" })).items[0]!.rating).toEqual({
      count: 8,
      average: Math.round((sum / 8) * 10) / 10,
    });
  });

  it("lists comments with the author's school; only the author removes theirs", async () => {
    const id = await published("Thống kê đơn giản");
    expect(await addComment(people.sibling!, id, "Dùng tốt cho tiết luyện tập.")).toMatchObject({ ok: true });
    const comments = await listComments(people.siblingColleague!, { _id: (await Material.findById(id).lean())!._id });
    expect(comments).toEqual([
      expect.objectContaining({
        body: "Dùng tốt cho tiết luyện tập.",
        author: expect.objectContaining({ school: "Trường SB" }),
        mine: false,
      }),
    ]);
    expect(await deleteComment(people.siblingColleague!, id, comments[0]!.id)).toMatchObject({ ok: false, status: 404 });
    expect(await deleteComment(people.sibling!, id, comments[0]!.id)).toEqual({ ok: true, value: null });
    expect(await listComments(people.sibling!, { _id: (await Material.findById(id).lean())!._id })).toEqual([]);
  });

  it("sends a student's report back to the subject group, which resolves it once", async () => {
    const id = await published("Xác suất thực nghiệm");
    expect(await giveToClass(people.sibling!, id, { classId: ids.classB, note: "" })).toMatchObject({ ok: true });
    const reported = await reportProblem(people.student!, id, {
      reason: "broken",
      message: "Liên kết không mở được trên điện thoại.",
    });
    if (!reported.ok) throw new Error(reported.reason);
    const material = (await Material.findById(id).lean<MaterialDoc>())!;
    expect(material.openReports).toBe(1);
    const event = material.outbox.find((entry) => entry.payload.kind === "reported");
    expect(event?.payload.recipientIds).toEqual(
      expect.arrayContaining([people.leader!.id, people.member!.id, people.author!.id]),
    );
    expect((await reviewQueue(people.leader!)).find((item) => item.id === id)).toMatchObject({ task: "report" });

    expect(await openReportsFor(people.sibling!, material)).toBeNull();
    expect(await openReportsFor(people.leader!, material)).toEqual([
      expect.objectContaining({ reason: "broken", reporter: "s.hocsinh (họ tên)", version: 1 }),
    ]);
    const input = { reportId: reported.value.id, resolution: "Đã thay liên kết." };
    expect(await resolveReport(people.sibling!, id, input)).toMatchObject({ ok: false, status: 403 });
    const results = await Promise.all([resolveReport(people.leader!, id, input), resolveReport(people.member!, id, input)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ status: 409 });
    expect((await Material.findById(id).lean())!.openReports).toBe(0);
    expect((await reviewQueue(people.leader!)).find((item) => item.id === id)).toBeUndefined();
  });
});

// Questions go through the materials' review workflow against the real database: the subject group's review,
// two reviewers deciding at once, nomination up the hierarchy, notifications, and what colleagues then see.
import { beforeAll, describe, expect, it } from "vitest";
import { plainRichText, questionDraftSchema, listQuestionsQuerySchema } from "#content-schemas/questions";
import { Question, type QuestionDoc } from "#models/question";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { deliverReviewEvent, myNotifications, reviewEventSchema } from "~/domain/notifications/notifications.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { createQuestion, getQuestion, listQuestions, updateQuestion } from "~/domain/questions/questions.server";
import {
  decideQuestionNomination,
  nominateQuestion,
  questionReviewScreen,
  questionReviewStep,
} from "~/domain/questions/review.server";
import { reviewQueue } from "~/domain/review/review-queue.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { APPROVE, testActor, verdicts } from "../support/actors";

const people: Record<string, Actor> = {};
const dueAt = new Date(Date.now() + 7 * 24 * 60 * 60_000);

const draft = (stem: string) =>
  questionDraftSchema.parse({
    subject: "TOAN",
    grade: 10,
    level: "hieu",
    stem: plainRichText(stem),
    body: {
      type: "single_choice",
      options: ["1", "2", "3", "4"].map((text, index) => ({ id: "ABCD"[index]!, content: plainRichText(text) })),
      correctOptionId: "B",
    },
  });

async function newQuestion(stem: string) {
  const created = await createQuestion(people.author!, draft(stem));
  if (!created.ok) throw new Error(created.reason);
  return created.value.id;
}

async function submittedAndAssigned(stem: string) {
  const id = await newQuestion(stem);
  expect(await questionReviewStep(people.author!, id, { action: "submit" })).toEqual({
    ok: true,
    value: { status: "submitted" },
  });
  expect(await questionReviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toEqual({
    ok: true,
    value: { status: "in_review" },
  });
  return id;
}

const list = (actor: Actor, query: Record<string, unknown>) => listQuestions(actor, listQuestionsQuerySchema.parse(query));

async function deliverEventsOf(id: string) {
  const stored = await Question.findById(id).lean<QuestionDoc>();
  for (const event of stored!.outbox)
    await deliverReviewEvent(reviewEventSchema.parse({ ...event.payload, eventId: String(event._id) }));
}

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-Q", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-Q1", name: "Phòng 1", type: "district", parentCode: "SGD-Q" });
  await upsertOrganisation({ code: "TRUONG-QRA", name: "Trường A", type: "school", parentCode: "PGD-Q1" });
  await upsertOrganisation({ code: "TRUONG-QRB", name: "Trường B", type: "school", parentCode: "PGD-Q1" });
  people.author = await testActor("qr.tacgia", "TRUONG-QRA", "teacher");
  people.leader = await testActor("qr.totruong", "TRUONG-QRA", "teacher");
  people.member = await testActor("qr.thanhvien", "TRUONG-QRA", "teacher");
  people.second = await testActor("qr.thanhvien2", "TRUONG-QRA", "teacher");
  people.sibling = await testActor("qr.truongb", "TRUONG-QRB", "teacher");
  people.districtReviewer = await testActor("qr.chuyenvien", "PGD-Q1", "reviewer");
  const school = await organisationByCode("TRUONG-QRA");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Toán",
    subjectCodes: ["TOAN"],
    leaderId: people.leader.id,
    memberIds: [people.leader.id, people.member.id, people.second.id, people.author.id],
  });
  expect(group.ok).toBe(true);
});

describe("question review", () => {
  it("goes submit → assign → approve, notifies each step, and shows the approved version to colleagues", async () => {
    const id = await submittedAndAssigned("Phương trình x² − 3x + 2 = 0 có bao nhiêu nghiệm?");
    expect((await reviewQueue(people.member!)).find((row) => row.id === id)).toMatchObject({ kind: "question", task: "review" });
    const screen = await questionReviewScreen(people.member!, id);
    expect(screen).toMatchObject({ task: "review", canDecide: true });
    expect(await questionReviewScreen(people.sibling!, id)).toBeNull();

    expect(await questionReviewStep(people.member!, id, { action: "decide", decision: APPROVE })).toEqual({
      ok: true,
      value: { status: "published" },
    });
    await deliverEventsOf(id);
    const authorNotes = (await myNotifications(people.author!)).filter((note) => note.questionId === id);
    expect(authorNotes.map((note) => note.kind)).toEqual(["approved"]);
    expect(authorNotes[0]!.href).toBe(`/questions/${id}`);
    expect((await myNotifications(people.member!)).find((note) => note.questionId === id)).toMatchObject({
      kind: "assigned",
      href: `/review/questions/${id}`,
    });

    // The author starts version 2: colleagues keep seeing and listing version 1 until it is approved.
    const revised = await updateQuestion(people.author!, id, draft("Phương trình x² − 5x + 6 = 0 có bao nhiêu nghiệm?"));
    expect(revised).toEqual({ ok: true, value: { id, version: 2 } });
    expect(await getQuestion(people.second!, id)).toMatchObject({ version: 1, status: "published" });
    const seen = (await list(people.second!, { subject: "TOAN" })).items.find((item) => item.id === id);
    expect(seen).toMatchObject({ version: 1, status: "published", stemText: expect.stringContaining("3x") });
    expect((await list(people.sibling!, {})).items.map((item) => item.id)).not.toContain(id);
  });

  it("lets exactly one of two reviewers deciding at once win", async () => {
    const id = await submittedAndAssigned("Tập nghiệm của bất phương trình 2x − 4 > 0 là");
    // The leader may decide too (they lead the group); both click at the same moment.
    const outcomes = await Promise.all([
      questionReviewStep(people.member!, id, { action: "decide", decision: APPROVE }),
      questionReviewStep(people.leader!, id, {
        action: "decide",
        decision: { decision: "request_changes", criteria: verdicts(false), message: "Sửa phương án C." },
      }),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({
      status: 409,
      reason: expect.stringContaining("Câu hỏi vừa"),
    });
    const stored = await Question.findById(id).lean<QuestionDoc>();
    expect(stored!.reviews).toHaveLength(1);
  });

  it("refuses steps out of order or by the wrong person, in Vietnamese", async () => {
    const id = await newQuestion("Giá trị lớn nhất của hàm số y = −x² + 2x là");
    expect(await questionReviewStep(people.author!, id, { action: "decide", decision: APPROVE })).toMatchObject({
      ok: false,
      status: 409,
      reason: "Câu hỏi đang ở trạng thái «bản nháp» nên không thể duyệt.",
    });
    expect(await questionReviewStep(people.sibling!, id, { action: "submit" })).toMatchObject({ ok: false, status: 403 });
  });

  it("widens the scope to the district once the district's specialist approves the nomination", async () => {
    const id = await submittedAndAssigned("Đồ thị hàm số y = 2x + 1 cắt trục tung tại điểm");
    await questionReviewStep(people.member!, id, { action: "decide", decision: APPROVE });
    expect((await list(people.sibling!, {})).items.map((item) => item.id)).not.toContain(id);

    expect(await nominateQuestion(people.author!, id)).toEqual({ ok: true, value: { level: "district" } });
    expect((await reviewQueue(people.districtReviewer!)).find((row) => row.id === id)).toMatchObject({
      kind: "question",
      task: "nomination",
    });
    expect(await decideQuestionNomination(people.districtReviewer!, id, APPROVE)).toEqual({
      ok: true,
      value: { scope: "district" },
    });
    expect((await list(people.sibling!, {})).items.find((item) => item.id === id)).toMatchObject({
      scope: "district",
      status: "published",
    });
  });
});

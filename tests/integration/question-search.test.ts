// Searching the question bank with the real Meilisearch: approved questions found without accents and with a typo,
// never beyond what the person may see, synced after review steps, rebuilt with a swap.
import { beforeAll, describe, expect, it } from "vitest";
import { listQuestionsQuerySchema, plainRichText, questionDraftSchema } from "#content-schemas/questions";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { createQuestion, listQuestions } from "~/domain/questions/questions.server";
import { decideQuestionNomination, nominateQuestion, questionReviewStep } from "~/domain/questions/review.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import {
  ensureQuestionsIndex,
  questionsIndex,
  reindexQuestions,
  searchSharedQuestionIds,
  syncQuestionToSearch,
} from "~/domain/search/question-index.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { APPROVE, testActor } from "../support/actors";

const people: Record<string, Actor> = {};
const ids: Record<string, string> = {};
const dueAt = new Date(Date.now() + 7 * 24 * 60 * 60_000);

const list = (actor: Actor, query: Record<string, unknown>) => listQuestions(actor, listQuestionsQuerySchema.parse(query));
const listedIds = async (actor: Actor, query: Record<string, unknown>) => (await list(actor, query)).items.map((item) => item.id);

/** A question written by the author and approved by the school's subject group, as the worker then syncs it. */
async function approved(stem: string, subject = "TOAN") {
  const created = await createQuestion(
    people.author!,
    questionDraftSchema.parse({
      subject,
      grade: 10,
      level: "biet",
      stem: plainRichText(stem),
      body: { type: "short_answer", answer: { kind: "numeric", value: "2" } },
    }),
  );
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  await questionReviewStep(people.author!, id, { action: "submit" });
  await questionReviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt });
  expect(await questionReviewStep(people.member!, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  expect(await syncQuestionToSearch(id)).toBe("indexed");
  return id;
}

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await ensureQuestionsIndex();
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-QS", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-QS1", name: "Phòng 1", type: "district", parentCode: "SGD-QS" });
  await upsertOrganisation({ code: "PGD-QS2", name: "Phòng 2", type: "district", parentCode: "SGD-QS" });
  await upsertOrganisation({ code: "TRUONG-QSA", name: "Trường A", type: "school", parentCode: "PGD-QS1" });
  await upsertOrganisation({ code: "TRUONG-QSB", name: "Trường B", type: "school", parentCode: "PGD-QS1" });
  await upsertOrganisation({ code: "TRUONG-QSC", name: "Trường C", type: "school", parentCode: "PGD-QS2" });
  people.author = await testActor("qs.tacgia", "TRUONG-QSA", "teacher");
  people.leader = await testActor("qs.totruong", "TRUONG-QSA", "teacher");
  people.member = await testActor("qs.thanhvien", "TRUONG-QSA", "teacher");
  people.sibling = await testActor("qs.truongb", "TRUONG-QSB", "teacher");
  people.farAway = await testActor("qs.truongc", "TRUONG-QSC", "teacher");
  people.districtReviewer = await testActor("qs.chuyenvien", "PGD-QS1", "reviewer");
  const school = await organisationByCode("TRUONG-QSA");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Tự nhiên",
    subjectCodes: ["TOAN", "VAT_LI"],
    leaderId: people.leader.id,
    memberIds: [people.leader.id, people.member.id, people.author.id],
  });
  expect(group.ok).toBe(true);

  ids.quadratic = await approved("Phương trình bậc hai x² − 5x + 6 = 0 có bao nhiêu nghiệm dương?");
  ids.ohm = await approved(
    "Định luật Ôm: cường độ dòng điện qua điện trở 3 Ω khi hiệu điện thế 6 V là bao nhiêu ampe?",
    "VAT_LI",
  );
  expect(await nominateQuestion(people.author!, ids.ohm)).toMatchObject({ ok: true });
  expect(await decideQuestionNomination(people.districtReviewer!, ids.ohm, APPROVE)).toMatchObject({ ok: true });
  expect(await syncQuestionToSearch(ids.ohm)).toBe("indexed");
});

describe("question search", () => {
  it("finds approved questions typed without accents and with a one-letter typo", async () => {
    expect(await listedIds(people.member!, { q: "phuong trinh bac hai" })).toContain(ids.quadratic);
    expect(await listedIds(people.member!, { q: "phuong trnh bac hai" })).toContain(ids.quadratic);
    expect(await listedIds(people.member!, { q: "dinh luat om" })).toContain(ids.ohm);
    expect((await list(people.member!, { q: "phuong trinh" })).degraded).toBe(false);
  });

  it("never returns what the person may not see, in the index itself or in the listing", async () => {
    // School scope: a teacher of a sibling school does not find it; the district-scope one they do.
    expect(await searchSharedQuestionIds(people.sibling!, { q: "phuong trinh bac hai" })).not.toContain(ids.quadratic);
    expect(await listedIds(people.sibling!, { q: "phuong trinh bac hai" })).not.toContain(ids.quadratic);
    expect(await listedIds(people.sibling!, { q: "dinh luat om" })).toEqual([ids.ohm]);
    // Another district sees neither.
    expect(await searchSharedQuestionIds(people.farAway!, { q: "dinh luat om" })).toEqual([]);
    expect(await listedIds(people.farAway!, { q: "phuong trinh" })).toEqual([]);
  });

  it("applies the bank's filters to what search finds", async () => {
    expect(await listedIds(people.member!, { q: "dinh luat om", subject: "TOAN" })).toEqual([]);
    expect(await listedIds(people.member!, { q: "dinh luat om", subject: "VAT_LI", level: "biet" })).toEqual([ids.ohm]);
  });

  it("lists the best match first, not the newest", async () => {
    const closest = await approved("Tam giác vuông cân có hai góc nhọn bằng bao nhiêu độ?");
    const scattered = await approved("Cho tam giác ABC có góc A vuông và AB = AC. Tam giác ABC có cân không?");
    const listed = await listedIds(people.member!, { q: "tam giac vuong can" });
    expect(listed.indexOf(closest)).toBeGreaterThanOrEqual(0);
    expect(listed.indexOf(closest)).toBeLessThan(listed.indexOf(scattered));
    // Without words the newest comes first.
    const newest = await listedIds(people.member!, {});
    expect(newest.indexOf(scattered)).toBeLessThan(newest.indexOf(closest));
  });

  it("drops an archived question from search and rebuilds the index with a swap", async () => {
    const id = await approved("Giá trị của biểu thức căn bậc hai của 16 là");
    expect(await listedIds(people.member!, { q: "can bac hai cua 16" })).toContain(id);
    expect(await questionReviewStep(people.author!, id, { action: "archive" })).toMatchObject({ ok: true });
    expect(await syncQuestionToSearch(id)).toBe("removed");
    expect(await searchSharedQuestionIds(people.member!, { q: "can bac hai cua 16" })).not.toContain(id);

    const rebuilt = await reindexQuestions();
    expect(rebuilt.indexed).toBeGreaterThanOrEqual(2);
    const stats = await questionsIndex().getStats();
    expect(stats.numberOfDocuments).toBe(rebuilt.indexed);
    expect(await listedIds(people.member!, { q: "phuong trinh bac hai" })).toContain(ids.quadratic);
  });
});

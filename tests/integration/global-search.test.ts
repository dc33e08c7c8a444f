// The search page's one search over the shared repository, the question bank and harvested items, with the real
// Meilisearch: each section found without accents, never beyond what the person may see, absent for students.
import { beforeAll, describe, expect, it } from "vitest";
import { listExternalItemsQuerySchema } from "#content-schemas/external-items";
import { listQuestionsQuerySchema, plainRichText, questionDraftSchema } from "#content-schemas/questions";
import { globalSearchResultSchema } from "#content-schemas/search";
import { repositoryQuerySchema } from "#content-schemas/sharing";
import { HarvestedItem } from "#models/harvested-item";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { listExternalItems } from "~/domain/interop/external-items.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { reviewStep } from "~/domain/materials/review.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { createQuestion, listQuestions } from "~/domain/questions/questions.server";
import { questionReviewStep } from "~/domain/questions/review.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { syncStaleExternalItems } from "~/domain/search/external-item-index.server";
import { globalSearch, mayUseGlobalSearch } from "~/domain/search/global-search.server";
import { ensureMaterialsIndex, syncMaterialToSearch } from "~/domain/search/material-index.server";
import { ensureQuestionsIndex, syncQuestionToSearch } from "~/domain/search/question-index.server";
import { searchRepository } from "~/domain/search/search-repository.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { APPROVE, testActor } from "../support/actors";

const people: Record<string, Actor> = {};
const ids: Record<string, string> = {};
const dueAt = () => new Date(Date.now() + 7 * 24 * 60 * 60_000);
const QUADRATIC = "phuong trinh bac hai";

/** A link material of the author's school, approved by its subject group (scope school), as the worker then syncs it. */
async function publishedMaterial(author: Actor, leader: Actor, title: string) {
  const created = await createMaterial(author, {
    kind: "link",
    url: "https://example.org/hoc-lieu",
    title,
    summary: "",
    subjectCode: "TOAN",
    grades: [9],
    topicIds: [],
    language: "vi",
    licence: "CC-BY-4.0",
    authors: [],
  });
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  await reviewStep(author, id, { action: "submit" });
  await reviewStep(leader, id, { action: "assign", reviewerId: leader.id, dueAt: dueAt() });
  expect(await reviewStep(leader, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  await syncMaterialToSearch(id);
  return id;
}

/** A short-answer question of the author's school; approved by its subject group (scope school) unless a draft. */
async function question(author: Actor, leader: Actor, stem: string, { approved = true } = {}) {
  const created = await createQuestion(
    author,
    questionDraftSchema.parse({
      subject: "TOAN",
      grade: 9,
      level: "biet",
      stem: plainRichText(stem),
      body: { type: "short_answer", answer: { kind: "numeric", value: "2" } },
    }),
  );
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  if (!approved) return id;
  await questionReviewStep(author, id, { action: "submit" });
  await questionReviewStep(leader, id, { action: "assign", reviewerId: leader.id, dueAt: dueAt() });
  expect(await questionReviewStep(leader, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  expect(await syncQuestionToSearch(id)).toBe("indexed");
  return id;
}

async function subjectGroup(schoolCode: string, leader: Actor, author: Actor) {
  const school = await organisationByCode(schoolCode);
  const saved = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Toán",
    subjectCodes: ["TOAN"],
    leaderId: leader.id,
    memberIds: [leader.id, author.id],
  });
  expect(saved.ok).toBe(true);
}

const sectionIds = (section: { items: { id: string }[] } | null) => section?.items.map((item) => item.id) ?? [];

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await Promise.all([ensureMaterialsIndex(), ensureQuestionsIndex()]);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-GS", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-GS1", name: "Phòng 1", type: "district", parentCode: "SGD-GS" });
  await upsertOrganisation({ code: "PGD-GS2", name: "Phòng 2", type: "district", parentCode: "SGD-GS" });
  await upsertOrganisation({ code: "TRUONG-GSA", name: "Trường A", type: "school", parentCode: "PGD-GS1" });
  await upsertOrganisation({ code: "TRUONG-GSB", name: "Trường B", type: "school", parentCode: "PGD-GS2" });
  people.authorA = await testActor("gs.tacgia.a", "TRUONG-GSA", "teacher");
  people.leaderA = await testActor("gs.totruong.a", "TRUONG-GSA", "teacher");
  people.teacherA = await testActor("gs.giaovien.a", "TRUONG-GSA", "teacher");
  people.adminA = await testActor("gs.quanly.a", "TRUONG-GSA", "org_admin");
  people.studentA = await testActor("gs.hocsinh.a", "TRUONG-GSA", "student");
  people.authorB = await testActor("gs.tacgia.b", "TRUONG-GSB", "teacher");
  people.leaderB = await testActor("gs.totruong.b", "TRUONG-GSB", "teacher");
  await subjectGroup("TRUONG-GSA", people.leaderA, people.authorA);
  await subjectGroup("TRUONG-GSB", people.leaderB, people.authorB);

  const [authorA, leaderA, authorB, leaderB] = [people.authorA, people.leaderA, people.authorB, people.leaderB];
  ids.materialA = await publishedMaterial(authorA, leaderA, "Phương trình bậc hai một ẩn");
  ids.questionA = await question(authorA, leaderA, "Phương trình bậc hai x² − 5x + 6 = 0 có bao nhiêu nghiệm dương?");
  // School B keeps these to itself: its school-scope items and a draft.
  ids.materialB = await publishedMaterial(authorB, leaderB, "Phương trình bậc hai – đề ôn tập của trường B");
  ids.questionB = await question(authorB, leaderB, "Phương trình bậc hai x² − 4 = 0 có mấy nghiệm? (trường B)");
  ids.draftB = await question(authorB, leaderB, "Phương trình bậc hai x² + 1 = 0 (nháp trường B)", { approved: false });
  const [harvested] = await HarvestedItem.create([
    {
      source: "https://kho.example.vn/oai",
      identifier: "oai:kho.example.vn:material/7",
      datestamp: new Date(),
      harvestedAt: new Date(),
      title: "Video: giải phương trình bậc hai bằng công thức nghiệm",
      identifierUrl: "https://kho.example.vn/materials/7",
    },
  ]);
  ids.harvested = String(harvested!._id);
  // What the worker's search sync does after a harvest.
  await syncStaleExternalItems();
});

describe("global search", () => {
  it("finds «phuong trinh bac hai» across materials, questions and harvested items for a teacher of school A", async () => {
    const result = await globalSearch(people.teacherA!, { q: QUADRATIC });
    expect(globalSearchResultSchema.parse(result)).toEqual(result);
    expect(sectionIds(result.materials)).toEqual([ids.materialA]);
    expect(result.materials?.highlights[ids.materialA!]?.title).toBe(
      "\u0001Phương\u0002 \u0001trình\u0002 \u0001bậc\u0002 \u0001hai\u0002 một ẩn",
    );
    expect(sectionIds(result.questions)).toEqual([ids.questionA]);
    expect(sectionIds(result.externalItems)).toEqual([ids.harvested]);
    expect([result.materials?.degraded, result.questions?.degraded, result.externalItems?.degraded]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("never shows or counts school B's items in any section", async () => {
    const result = await globalSearch(people.teacherA!, { q: QUADRATIC });
    const everything = [...sectionIds(result.materials), ...sectionIds(result.questions), ...sectionIds(result.externalItems)];
    for (const key of ["materialB", "questionB", "draftB"]) expect(everything).not.toContain(ids[key]);
    expect([result.materials?.total, result.questions?.total, result.externalItems?.total]).toEqual([1, 1, 1]);
    // They are searchable: school B's own author finds them.
    const own = await globalSearch(people.authorB!, { q: QUADRATIC });
    expect(sectionIds(own.materials)).toEqual([ids.materialB]);
    expect(sectionIds(own.questions).sort()).toEqual([ids.questionB, ids.draftB].sort());
  });

  it("gives each section the first page and total of the area's own listing, which «see all» opens", async () => {
    const teacher = people.teacherA!;
    const result = await globalSearch(teacher, { q: "phuong trinh" });
    const [repository, bank, harvested] = await Promise.all([
      searchRepository(teacher, repositoryQuerySchema.parse({ q: "phuong trinh" })),
      listQuestions(teacher, listQuestionsQuerySchema.parse({ q: "phuong trinh" })),
      listExternalItems(teacher, listExternalItemsQuerySchema.parse({ q: "phuong trinh" })),
    ]);
    expect(result.materials?.total).toBe(repository.total);
    expect(result.questions?.total).toBe(bank.total);
    expect(result.externalItems?.total).toBe(harvested.ok ? harvested.value.total : -1);
  });

  it("gives administrators every section and students none", async () => {
    expect(mayUseGlobalSearch(people.adminA!)).toBe(true);
    const overseen = await globalSearch(people.adminA!, { q: QUADRATIC });
    expect(sectionIds(overseen.materials)).toEqual([ids.materialA]);
    expect(sectionIds(overseen.questions)).toEqual([ids.questionA]);
    expect(overseen.externalItems).not.toBeNull();

    expect(mayUseGlobalSearch(people.studentA!)).toBe(false);
    expect(await globalSearch(people.studentA!, { q: QUADRATIC })).toEqual({
      q: QUADRATIC,
      materials: null,
      questions: null,
      externalItems: null,
    });
  });
});

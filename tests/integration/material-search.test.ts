// Searching the shared repository with the real Meilisearch: Vietnamese typed without accents and with typos,
// permission-safe results and facet counts, sync after each change, rebuild with a swap, and the database fallback.
import { beforeAll, describe, expect, it } from "vitest";
import { repositoryQuerySchema } from "#content-schemas/sharing";
import { Material } from "#models/material";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import {
  ensureMaterialsIndex,
  materialsIndex,
  reindexMaterials,
  syncMaterialToSearch,
} from "~/domain/search/material-index.server";
import { searchRepository } from "~/domain/search/search-repository.server";
import { browseRepository } from "~/domain/sharing/repository.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { APPROVE, testActor } from "../support/actors";

const people: Record<string, Actor> = {};
const ids: Record<string, string> = {};
const search = (actor: Actor, query: Record<string, unknown> = {}) => searchRepository(actor, repositoryQuerySchema.parse(query));

async function publish(
  author: Actor,
  leader: Actor,
  input: { title: string; summary?: string; subjectCode: string; grades: number[] },
  district = false,
) {
  const created = await createMaterial(author, {
    kind: "link",
    url: "https://example.org/hoc-lieu",
    summary: "",
    topicIds: [],
    language: "vi",
    licence: "CC-BY-4.0",
    authors: [],
    ...input,
  });
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  await reviewStep(author, id, { action: "submit" });
  await reviewStep(leader, id, { action: "assign", reviewerId: leader.id, dueAt: new Date(Date.now() + 86_400_000) });
  expect(await reviewStep(leader, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  if (district) {
    await nominate(author, id);
    expect(await decideNomination(people.districtReviewer!, id, APPROVE)).toMatchObject({ ok: true });
  }
  // What the worker's search job does after each of those events.
  await syncMaterialToSearch(id);
  return id;
}

async function group(schoolCode: string, leader: Actor, author: Actor) {
  const school = await organisationByCode(schoolCode);
  await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Khoa học",
    subjectCodes: ["TOAN", "VAT_LI", "NGU_VAN", "HOA_HOC"],
    leaderId: leader.id,
    memberIds: [leader.id, author.id],
  });
}

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-T", name: "Sở T", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-T1", name: "Phòng T1", type: "district", parentCode: "SGD-T" });
  await upsertOrganisation({ code: "PGD-T2", name: "Phòng T2", type: "district", parentCode: "SGD-T" });
  await upsertOrganisation({ code: "TRUONG-TA", name: "Trường TA", type: "school", parentCode: "PGD-T1" });
  await upsertOrganisation({ code: "TRUONG-TB", name: "Trường TB", type: "school", parentCode: "PGD-T2" });
  people.authorA = await testActor("t.tacgia.a", "TRUONG-TA", "teacher");
  people.leaderA = await testActor("t.totruong.a", "TRUONG-TA", "teacher");
  people.teacherA = await testActor("t.giaovien.a", "TRUONG-TA", "teacher");
  people.authorB = await testActor("t.tacgia.b", "TRUONG-TB", "teacher");
  people.leaderB = await testActor("t.totruong.b", "TRUONG-TB", "teacher");
  people.districtReviewer = await testActor("t.chuyenvien", "PGD-T1", "reviewer");
  await group("TRUONG-TA", people.leaderA, people.authorA);
  await group("TRUONG-TB", people.leaderB, people.authorB);
  await ensureMaterialsIndex();

  const [a, leaderA] = [people.authorA, people.leaderA];
  ids.quadratic = await publish(a, leaderA, {
    title: "Phương trình bậc hai một ẩn",
    summary: "Công thức nghiệm và hệ thức Vi-ét.",
    subjectCode: "TOAN",
    grades: [9],
  });
  ids.ohm = await publish(a, leaderA, { title: "Định luật Ôm cho đoạn mạch", subjectCode: "VAT_LI", grades: [11] }, true);
  ids.kieu = await publish(a, leaderA, { title: "Đọc hiểu đoạn trích Truyện Kiều", subjectCode: "NGU_VAN", grades: [10] });
  ids.linear = await publish(a, leaderA, { title: "Bất phương trình bậc nhất hai ẩn", subjectCode: "TOAN", grades: [10] });
  // School B is in another district and keeps this one to itself.
  ids.secretB = await publish(people.authorB!, people.leaderB!, {
    title: "Phương trình phản ứng hóa học (trường B)",
    subjectCode: "HOA_HOC",
    grades: [12],
  });
});

describe("Vietnamese search", () => {
  it.each([
    ["phuong trinh bac hai", "quadratic"],
    ["phuong trnh bac hai", "quadratic"],
    ["dinh luat om", "ohm"],
    ["truyen kieu", "kieu"],
    ["he thuc vi-et", "quadratic"],
  ])("«%s» finds the right item first", async (q, key) => {
    const page = await search(people.teacherA!, { q });
    expect(page.degraded).toBe(false);
    expect(page.items[0]?.id).toBe(ids[key]);
  });

  it("marks the matched words without HTML", async () => {
    const page = await search(people.teacherA!, { q: "truyen kieu" });
    expect(page.highlights[ids.kieu!]?.title).toBe("Đọc hiểu đoạn trích \u0001Truyện\u0002 \u0001Kiều\u0002");
  });
});

describe("permission-safe results", () => {
  it("never returns or counts another school's private items", async () => {
    const page = await search(people.teacherA!, { q: "phuong trinh" });
    expect(page.items.map((item) => item.id)).not.toContain(ids.secretB);
    expect(page.facets.subject.map((row) => row.value)).not.toContain("HOA_HOC");
    expect(page.facets.grade.map((row) => row.value)).not.toContain("12");
    expect(page.labels.subjects).toEqual({ TOAN: { vi: "Toán", en: "Mathematics" } });
    const own = await search(people.authorB!, { q: "phuong trinh" });
    expect(own.items.map((item) => item.id)).toContain(ids.secretB);
  });

  it("counts facets exactly as the database listing does, each ignoring only its own filter", async () => {
    for (const query of [{}, { subject: "TOAN" }, { grade: 10 }, { subject: "TOAN", grade: 10 }]) {
      const parsed = repositoryQuerySchema.parse(query);
      const [fromSearch, fromDatabase] = await Promise.all([
        searchRepository(people.teacherA!, parsed),
        browseRepository(people.teacherA!, parsed),
      ]);
      expect(fromSearch.total).toBe(fromDatabase.total);
      expect(fromSearch.facets).toEqual(fromDatabase.facets);
    }
  });

  it("shows the district item to the district's reviewer, not the school-only ones", async () => {
    const page = await search(people.districtReviewer!, {});
    expect(page.items.map((item) => item.id).sort()).toEqual([ids.ohm].sort());
  });
});

describe("sync and rebuild", () => {
  it("removes an archived item and writes it once however often the job runs", async () => {
    const id = await publish(people.authorA!, people.leaderA!, { title: "Hàm số bậc nhất", subjectCode: "TOAN", grades: [8] });
    await syncMaterialToSearch(id);
    await syncMaterialToSearch(id);
    expect((await search(people.teacherA!, { q: "ham so bac nhat" })).items.filter((item) => item.id === id)).toHaveLength(1);
    expect(await reviewStep(people.authorA!, id, { action: "archive" })).toMatchObject({ ok: true });
    expect(await syncMaterialToSearch(id)).toBe("removed");
    expect((await search(people.teacherA!, { q: "ham so bac nhat" })).items.map((item) => item.id)).not.toContain(id);
  });

  it("rebuilds the index from the database and swaps it in while searches keep answering", async () => {
    // A document the database no longer backs disappears with the rebuild.
    await materialsIndex()
      .addDocuments([{ ...(await materialsIndex().getDocument(ids.linear!)), id: "000000000000000000000000" }])
      .waitTask();
    const searching = (async () => {
      const answers: number[] = [];
      for (let round = 0; round < 10; round++)
        answers.push((await search(people.teacherA!, { q: "phuong trinh bac hai" })).items.length);
      return answers;
    })();
    const progress: number[] = [];
    const result = await reindexMaterials((done) => progress.push(done));
    const published = await Material.countDocuments({ deletedAt: null, live: { $ne: null }, scope: { $ne: "private" } });
    expect(result.indexed).toBe(published);
    expect(progress.at(-1)).toBe(published);
    expect((await searching).every((count) => count > 0)).toBe(true);
    expect((await materialsIndex().getStats()).numberOfDocuments).toBe(published);
    expect((await search(people.teacherA!, { q: "phuong trinh bac hai" })).items[0]?.id).toBe(ids.quadratic);
  });
});

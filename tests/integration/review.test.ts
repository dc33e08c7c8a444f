// The review workflow and sharing up the hierarchy against the real database, including two reviewers deciding at once.
import { APPROVE, verdicts, testActor } from "../support/actors";
import { beforeAll, describe, expect, it } from "vitest";
import { Material, type MaterialDoc } from "#models/material";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { createMaterial, materialForViewer, updateMaterial } from "~/domain/materials/materials.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { reviewQueue } from "~/domain/review/review-queue.server";
import { deliverReviewEvent, myNotifications, reviewEventSchema } from "~/domain/notifications/notifications.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";

const people: Record<string, Actor> = {};

const changes = { decision: "request_changes" as const, criteria: verdicts(false), message: "Sửa ví dụ 2." };
const dueAt = new Date(Date.now() + 7 * 24 * 60 * 60_000);

async function newLink(title: string, author = people.author!) {
  const created = await createMaterial(author, {
    kind: "link",
    url: "https://example.org/bai",
    title,
    summary: "",
    subjectCode: "TOAN",
    grades: [6],
    topicIds: [],
    language: "vi",
    licence: "CC-BY-4.0",
    authors: [],
  });
  if (!created.ok) throw new Error(created.reason);
  return created.value.id;
}

async function approvedAtSchool(title: string) {
  const id = await newLink(title);
  expect(await reviewStep(people.author!, id, { action: "submit" })).toMatchObject({ ok: true });
  expect(await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toMatchObject({
    ok: true,
  });
  expect(await reviewStep(people.member!, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  return id;
}

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-R", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-R1", name: "Phòng 1", type: "district", parentCode: "SGD-R" });
  await upsertOrganisation({ code: "PGD-R2", name: "Phòng 2", type: "district", parentCode: "SGD-R" });
  await upsertOrganisation({ code: "TRUONG-RA", name: "Trường A", type: "school", parentCode: "PGD-R1" });
  await upsertOrganisation({ code: "TRUONG-RB", name: "Trường B", type: "school", parentCode: "PGD-R1" });
  await upsertOrganisation({ code: "TRUONG-RC", name: "Trường C", type: "school", parentCode: "PGD-R2" });
  people.author = await testActor("r.tacgia", "TRUONG-RA", "teacher");
  people.leader = await testActor("r.totruong", "TRUONG-RA", "teacher");
  people.member = await testActor("r.thanhvien", "TRUONG-RA", "teacher");
  people.sibling = await testActor("r.truongb", "TRUONG-RB", "teacher");
  people.farAway = await testActor("r.truongc", "TRUONG-RC", "teacher");
  people.districtReviewer = await testActor("r.chuyenvien", "PGD-R1", "reviewer");
  const school = await organisationByCode("TRUONG-RA");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Toán – Tin",
    subjectCodes: ["TOAN", "TIN_HOC"],
    leaderId: people.leader.id,
    memberIds: [people.leader.id, people.member.id, people.author.id],
  });
  expect(group.ok).toBe(true);
});

describe("school review", () => {
  it("goes submit → assign → changes requested → revised → approved and published to the school", async () => {
    const id = await newLink("Phân số – bài tập");
    expect(await reviewStep(people.member!, id, { action: "submit" })).toMatchObject({ ok: false, status: 403 });
    expect(await reviewStep(people.author!, id, { action: "submit" })).toEqual({ ok: true, value: { status: "submitted" } });
    expect((await reviewQueue(people.leader!)).find((item) => item.id === id)).toMatchObject({
      task: "assign",
      status: "submitted",
    });
    expect(await reviewStep(people.author!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toMatchObject({
      status: 403,
    });
    expect(await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.author!.id, dueAt })).toMatchObject({
      status: 422,
    });
    expect(await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toMatchObject({
      ok: true,
    });
    expect((await reviewQueue(people.member!)).find((item) => item.id === id)).toMatchObject({
      task: "review",
      reviewer: "r.thanhvien",
    });
    expect(await reviewStep(people.member!, id, { action: "decide", decision: changes })).toEqual({
      ok: true,
      value: { status: "changes_requested" },
    });

    expect(await updateMaterial(people.author!, id, { summary: "Đã sửa ví dụ 2." })).toMatchObject({
      ok: true,
      value: { version: 1 },
    });
    await reviewStep(people.author!, id, { action: "submit" });
    await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt });
    expect(await reviewStep(people.member!, id, { action: "decide", decision: APPROVE })).toEqual({
      ok: true,
      value: { status: "published" },
    });

    const stored = await Material.findById(id).lean<MaterialDoc>();
    expect(stored).toMatchObject({ status: "published", liveVersion: 1, scope: "school", assignment: null });
    expect(stored?.trail.map((entry) => entry.action)).toEqual([
      "submit",
      "assign",
      "request_changes",
      "submit",
      "assign",
      "approve",
    ]);
    expect(stored?.reviews.map((review) => review.decision)).toEqual(["request_changes", "approve"]);
    expect(stored?.outbox.map((event) => event.payload.kind)).toContain("changes_requested");
  });

  it("never lets anyone approve their own item", async () => {
    const id = await newLink("Tự duyệt", people.leader);
    await reviewStep(people.leader!, id, { action: "submit" });
    await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt });
    expect(await reviewStep(people.leader!, id, { action: "decide", decision: APPROVE })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it("keeps one consistent decision when two reviewers decide at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const id = await newLink(`Đồng thời ${round}`);
      await reviewStep(people.author!, id, { action: "submit" });
      await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt });
      const results = await Promise.all([
        reviewStep(people.member!, id, { action: "decide", decision: APPROVE }),
        reviewStep(people.leader!, id, { action: "decide", decision: changes }),
        reviewStep(people.member!, id, { action: "decide", decision: APPROVE }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).every((result) => !result.ok && result.status === 409)).toBe(true);
      const stored = await Material.findById(id).lean();
      expect(stored?.reviews).toHaveLength(1);
      expect(stored?.status).toBe(stored?.reviews[0]?.decision === "approve" ? "published" : "changes_requested");
    }
  });

  it("keeps the approved version live while a new draft is written", async () => {
    const id = await approvedAtSchool("Phiên bản sống");
    expect(await updateMaterial(people.author!, id, { title: "Phiên bản sống (sửa)" })).toMatchObject({
      ok: true,
      value: { version: 2 },
    });
    expect((await materialForViewer(people.member!, id))?.version).toMatchObject({ number: 1, title: "Phiên bản sống" });
    await reviewStep(people.author!, id, { action: "submit" });
    await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt });
    await reviewStep(people.member!, id, { action: "decide", decision: APPROVE });
    const stored = await Material.findById(id).lean();
    expect(stored?.liveVersion).toBe(2);
    expect(stored?.versions.map((version) => version.status)).toEqual(["archived", "published"]);
  });
});

describe("notifications", () => {
  it("tell the leader of a submission and the author of the decision, once per event", async () => {
    const id = await approvedAtSchool("Thông báo");
    const stored = await Material.findById(id).lean<MaterialDoc>();
    const deliver = () =>
      Promise.all(
        stored!.outbox.map((event) =>
          deliverReviewEvent(reviewEventSchema.parse({ ...event.payload, eventId: String(event._id) })),
        ),
      );
    await deliver();
    await deliver();
    expect((await myNotifications(people.leader!)).filter((item) => item.materialId === id).map((item) => item.kind)).toEqual([
      "submitted",
    ]);
    expect((await myNotifications(people.member!)).filter((item) => item.materialId === id).map((item) => item.kind)).toEqual([
      "assigned",
    ]);
    expect((await myNotifications(people.author!)).filter((item) => item.materialId === id)).toMatchObject([
      { kind: "approved", actorName: "r.thanhvien", read: false },
    ]);
  });
});

describe("sharing up the hierarchy", () => {
  it("shows an item to sibling schools only once the district approves its nomination", async () => {
    const id = await approvedAtSchool("Hình học trực quan");
    expect(await materialForViewer(people.member!, id)).not.toBeNull();
    expect(await materialForViewer(people.sibling!, id)).toBeNull();

    expect(await nominate(people.sibling!, id)).toMatchObject({ ok: false, status: 403 });
    expect(await nominate(people.author!, id)).toEqual({ ok: true, value: { level: "district" } });
    expect(await nominate(people.author!, id)).toMatchObject({ ok: false, status: 409 });
    expect((await reviewQueue(people.districtReviewer!)).find((item) => item.id === id)).toMatchObject({
      task: "nomination",
      level: "district",
    });
    expect(await decideNomination(people.member!, id, APPROVE)).toMatchObject({ ok: false, status: 403 });
    expect(await decideNomination(people.districtReviewer!, id, APPROVE)).toEqual({ ok: true, value: { scope: "district" } });

    expect((await materialForViewer(people.sibling!, id))?.version).toMatchObject({ number: 1, status: "published" });
    expect(await materialForViewer(people.farAway!, id)).toBeNull();
    const stored = await Material.findById(id).lean();
    expect(stored?.trail.map((entry) => [entry.action, entry.level])).toEqual([
      ["submit", "school"],
      ["assign", "school"],
      ["approve", "school"],
      ["nominate", "district"],
      ["approve", "district"],
    ]);
    expect(await nominate(people.author!, id)).toEqual({ ok: true, value: { level: "province" } });
  });
});

// Repository statistics against the real database: counts, contributors, review turnaround, reuse and who may see them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { APPROVE, verdicts, testActor } from "../support/actors";
import { beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_CONTENT_TYPE } from "#content-schemas/problem";
import { repositoryStatisticsSchema } from "#content-schemas/statistics";
import { Material } from "#models/material";
import { CLIENT_ADDRESS_HEADER } from "~/auth/request.server";
import { createSession, type Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { repositoryStatistics, statisticsOrganisations } from "~/domain/statistics/repository-statistics.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { loader as statisticsApi } from "~/routes/api+/v1+/statistics";
import { loader as statisticsExport } from "~/routes/statistics+/export[.]xlsx";

const people: Record<string, Actor> = {};
const units: Record<string, string> = {};

const changes = { decision: "request_changes" as const, criteria: verdicts(false), message: "Sửa ví dụ." };
const dueAt = new Date(Date.now() + 7 * 24 * 60 * 60_000);

async function newLink(author: Actor, title: string, subjectCode = "TOAN") {
  const created = await createMaterial(author, {
    kind: "link",
    url: "https://example.org/bai",
    title,
    summary: "",
    subjectCode,
    grades: [6],
    topicIds: [],
    language: "vi",
    licence: "CC-BY-4.0",
    authors: [],
  });
  if (!created.ok) throw new Error(created.reason);
  return created.value.id;
}

async function schoolDecision(id: string, decision: typeof APPROVE | typeof changes) {
  expect(await reviewStep(people.author!, id, { action: "submit" })).toMatchObject({ ok: true });
  expect(await reviewStep(people.leader!, id, { action: "assign", reviewerId: people.member!.id, dueAt })).toMatchObject({
    ok: true,
  });
  expect(await reviewStep(people.member!, id, { action: "decide", decision })).toMatchObject({ ok: true });
}

/** Review steps happen within milliseconds in a test; these put them at known moments (Vietnam time). */
const march = (dayAndHour: string) => new Date(`2026-03-${dayAndHour}:00:00+07:00`);
async function retime(id: string, trail: Date[], reviews: Date[]) {
  const stored = await Material.findById(id).lean();
  expect(stored?.trail).toHaveLength(trail.length);
  expect(stored?.reviews).toHaveLength(reviews.length);
  const set = Object.fromEntries([
    ...trail.map((at, index) => [`trail.${index}.at`, at]),
    ...reviews.map((at, index) => [`reviews.${index}.at`, at]),
  ]);
  await Material.updateOne({ _id: id }, { $set: set });
}

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-T", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-T1", name: "Phòng 1", type: "district", parentCode: "SGD-T" });
  await upsertOrganisation({ code: "PGD-T2", name: "Phòng 2", type: "district", parentCode: "SGD-T" });
  await upsertOrganisation({ code: "TRUONG-TA", name: "Trường A", type: "school", parentCode: "PGD-T1" });
  await upsertOrganisation({ code: "TRUONG-TB", name: "Trường B", type: "school", parentCode: "PGD-T1" });
  await upsertOrganisation({ code: "TRUONG-TC", name: "Trường C", type: "school", parentCode: "PGD-T2" });
  for (const code of ["SGD-T", "PGD-T1", "TRUONG-TA", "TRUONG-TB", "TRUONG-TC"])
    units[code] = String((await organisationByCode(code)).id);
  people.author = await testActor("t.tacgia", "TRUONG-TA", "teacher", "Nguyễn Văn An");
  people.secondAuthor = await testActor("t.tacgia2", "TRUONG-TA", "teacher", "Trần Thị Bình");
  people.leader = await testActor("t.totruong", "TRUONG-TA", "teacher", "Tổ trưởng");
  people.member = await testActor("t.thanhvien", "TRUONG-TA", "teacher", "Thành viên");
  people.studentA = await testActor("t.hocsinh", "TRUONG-TA", "student", "Học sinh");
  people.adminA = await testActor("t.admin.a", "TRUONG-TA", "org_admin", "Quản trị A");
  people.adminB = await testActor("t.admin.b", "TRUONG-TB", "org_admin", "Quản trị B");
  people.teacherB = await testActor("t.gv.b", "TRUONG-TB", "teacher", "Giáo viên B");
  people.teacherC = await testActor("t.gv.c", "TRUONG-TC", "teacher", "Giáo viên C");
  people.districtAdmin = await testActor("t.admin.pgd", "PGD-T1", "org_admin", "Quản trị Phòng");
  people.districtReviewer = await testActor("t.chuyenvien", "PGD-T1", "reviewer", "Chuyên viên");
  const school = await organisationByCode("TRUONG-TA");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Toán – Văn",
    subjectCodes: ["TOAN", "NGU_VAN"],
    leaderId: people.leader.id,
    memberIds: [people.leader.id, people.member.id, people.author.id],
  });
  expect(group.ok).toBe(true);

  // School A: one item changed, approved and shared with the district; one sent back; one draft; one deleted.
  const shared = await newLink(people.author, "Phân số");
  await schoolDecision(shared, changes);
  await schoolDecision(shared, APPROVE);
  expect(await nominate(people.author, shared)).toMatchObject({ ok: true });
  expect(await decideNomination(people.districtReviewer, shared, APPROVE)).toMatchObject({ ok: true });
  await retime(
    shared,
    // submit, assign, request_changes (2 h), submit, assign, approve (4 h), nominate, district approve (12 h)
    [
      march("02T08"),
      march("02T09"),
      march("02T10"),
      march("02T11"),
      march("02T12"),
      march("02T15"),
      march("02T16"),
      march("03T04"),
    ],
    [march("02T10"), march("02T15"), march("03T04")],
  );
  await Material.updateOne({ _id: shared }, { $set: { counters: { views: 10, downloads: 3, uses: 2, copies: 1 } } });

  const sentBack = await newLink(people.author, "Hình học");
  await schoolDecision(sentBack, changes);
  // submit, assign, request_changes (9 h)
  await retime(sentBack, [march("05T08"), march("05T09"), march("05T17")], [march("05T17")]);

  const draft = await newLink(people.secondAuthor, "Văn bản nghị luận", "NGU_VAN");
  // Counted by an older release: no `copies` counter at all.
  await Material.collection.updateOne(
    { _id: (await Material.findById(draft).lean())!._id },
    { $set: { counters: { views: 5 } } },
  );
  const deleted = await newLink(people.secondAuthor, "Đã xóa", "NGU_VAN");
  await Material.updateOne({ _id: deleted }, { $set: { deletedAt: new Date(), "counters.views": 100 } });

  await newLink(people.teacherB, "Bài của trường B");
  await newLink(people.teacherC, "Bài của huyện khác");
});

describe("repository statistics of a school", () => {
  it("count the school's items by kind, subject, status and scope, leaving deleted items out", async () => {
    const statistics = await repositoryStatistics(people.adminA!, {});
    expect(statistics.organisation).toMatchObject({ id: units["TRUONG-TA"], name: "Trường A", type: "school" });
    expect(statistics.items.total).toBe(3);
    expect(statistics.items.published).toBe(1);
    expect(statistics.items.byKind.find((row) => row.kind === "link")).toEqual({ kind: "link", count: 3 });
    expect(statistics.items.byKind.filter((row) => row.count === 0)).toHaveLength(8);
    expect(statistics.items.bySubject).toEqual([
      { subjectCode: "TOAN", name: "Toán", nameEn: "Mathematics", count: 2 },
      { subjectCode: "NGU_VAN", name: "Ngữ văn", nameEn: "Literature", count: 1 },
    ]);
    const byStatus = Object.fromEntries(statistics.items.byStatus.map((row) => [row.status, row.count]));
    expect(byStatus).toMatchObject({ published: 1, changes_requested: 1, draft: 1, submitted: 0 });
    const byScope = Object.fromEntries(statistics.items.byScope.map((row) => [row.scope, row.count]));
    expect(byScope).toEqual({ private: 2, school: 0, district: 1, province: 0, national: 0 });
    expect(statistics.schools).toEqual([]);
  });

  it("name the contributors, most items first", async () => {
    const { contributors } = await repositoryStatistics(people.adminA!, {});
    expect(contributors).toEqual({
      total: 2,
      top: [
        { id: people.author!.id, fullName: "Nguyễn Văn An", items: 2 },
        { id: people.secondAuthor!.id, fullName: "Trần Thị Bình", items: 1 },
      ],
    });
  });

  it("count review decisions per level and measure the time from request to decision", async () => {
    const { reviews } = await repositoryStatistics(people.adminA!, {});
    expect(reviews.total).toBe(4);
    expect(reviews.byLevel).toEqual([
      { level: "school", approved: 1, changesRequested: 2 },
      { level: "district", approved: 1, changesRequested: 0 },
      { level: "province", approved: 0, changesRequested: 0 },
      { level: "national", approved: 0, changesRequested: 0 },
    ]);
    expect(reviews.turnaround).toEqual([
      { level: "school", decisions: 3, medianHours: 4, meanHours: 5 },
      { level: "district", decisions: 1, medianHours: 12, meanHours: 12 },
      { level: "province", decisions: 0, medianHours: null, meanHours: null },
      { level: "national", decisions: 0, medianHours: null, meanHours: null },
    ]);
  });

  it("limit review figures to the decisions taken within the period", async () => {
    const { reviews, items, period } = await repositoryStatistics(people.adminA!, { from: "2026-03-03", to: "2026-03-04" });
    expect(period).toEqual({ from: "2026-03-03", to: "2026-03-04" });
    expect(reviews.total).toBe(1);
    expect(reviews.byLevel[0]).toEqual({ level: "school", approved: 0, changesRequested: 0 });
    expect(reviews.turnaround.slice(0, 2)).toEqual([
      { level: "school", decisions: 0, medianHours: null, meanHours: null },
      { level: "district", decisions: 1, medianHours: 12, meanHours: 12 },
    ]);
    expect(items.total).toBe(3);
  });

  it("add up views, downloads, class uses and copies, and how far the items were shared", async () => {
    const { reuse } = await repositoryStatistics(people.adminA!, {});
    expect(reuse).toEqual({
      views: 15,
      downloads: 3,
      classUses: 2,
      copies: 1,
      reachedScope: { district: 1, province: 0, national: 0 },
    });
  });
});

describe("repository statistics of an office", () => {
  it("cover every school under the district, with a row per school", async () => {
    const statistics = await repositoryStatistics(people.districtAdmin!, {});
    expect(statistics.organisation).toMatchObject({ id: units["PGD-T1"], type: "district" });
    expect(statistics.items.total).toBe(4);
    expect(statistics.contributors.total).toBe(3);
    expect(statistics.schools).toEqual([
      { id: units["TRUONG-TA"], code: "TRUONG-TA", name: "Trường A", items: 3, published: 1, contributors: 2 },
      { id: units["TRUONG-TB"], code: "TRUONG-TB", name: "Trường B", items: 1, published: 0, contributors: 1 },
    ]);
  });

  it("let the district switch to one of its schools", async () => {
    const statistics = await repositoryStatistics(people.districtAdmin!, { organisationId: units["TRUONG-TB"] });
    expect(statistics.items.total).toBe(1);
    expect(statistics.contributors.top).toEqual([{ id: people.teacherB!.id, fullName: "Giáo viên B", items: 1 }]);
  });

  it("cover the whole province for the system administrator", async () => {
    const systemAdmin = {
      ...people.adminA!,
      roles: [{ role: "system_admin" as const, organisationId: "", organisationPath: [] }],
    };
    const statistics = await repositoryStatistics(systemAdmin, { organisationId: units["SGD-T"] });
    expect(statistics.items.total).toBe(5);
    expect(statistics.schools.map((school) => school.code)).toEqual(["TRUONG-TA", "TRUONG-TB", "TRUONG-TC"]);
  });
});

describe("who may see the statistics", () => {
  const outcome = async (actor: Actor, organisationId?: string) => {
    try {
      await repositoryStatistics(actor, { organisationId });
      return 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };

  it("lets teachers see their school only, offices their units, and nobody else's", async () => {
    expect(await outcome(people.author!)).toBe(200);
    expect(await outcome(people.author!, units["PGD-T1"])).toBe(403);
    expect(await outcome(people.author!, units["TRUONG-TB"])).toBe(403);
    expect(await outcome(people.adminB!, units["TRUONG-TA"])).toBe(403);
    expect(await outcome(people.districtAdmin!, units["TRUONG-TA"])).toBe(200);
    expect(await outcome(people.districtAdmin!, units["TRUONG-TC"])).toBe(403);
    expect(await outcome(people.districtAdmin!, units["SGD-T"])).toBe(403);
    expect(await outcome(people.districtReviewer!, units["TRUONG-TA"])).toBe(200);
    expect(await outcome(people.studentA!)).toBe(403);
  });

  it("answers 404 for an organisation that does not exist or a malformed id", async () => {
    expect(await outcome(people.districtAdmin!, "0123456789abcdef01234567")).toBe(404);
    expect(await outcome(people.districtAdmin!, "not-an-id")).toBe(404);
    expect(await outcome(people.districtAdmin!, "abcdefghijkl")).toBe(404);
  });

  it("offers in the picker exactly the units the person may open, in tree order", async () => {
    expect(await statisticsOrganisations(people.districtReviewer!)).toEqual([
      { id: units["PGD-T1"], name: "Phòng 1", type: "district", depth: 0 },
      { id: units["TRUONG-TA"], name: "Trường A", type: "school", depth: 1 },
      { id: units["TRUONG-TB"], name: "Trường B", type: "school", depth: 1 },
    ]);
    expect(await statisticsOrganisations(people.author!)).toEqual([
      { id: units["TRUONG-TA"], name: "Trường A", type: "school", depth: 0 },
    ]);
    expect(await statisticsOrganisations(people.studentA!)).toEqual([]);
  });
});

const ORIGIN = "http://127.0.0.1:3000";
async function signedInRequest(actor: Actor, path: string) {
  const session = await createSession(actor.id, new Request(ORIGIN, { headers: { [CLIENT_ADDRESS_HEADER]: "10.1.1.1" } }));
  const request = new Request(`${ORIGIN}${path}`, {
    headers: { cookie: session.split(";")[0]!, [CLIENT_ADDRESS_HEADER]: "10.1.1.1" },
  });
  return { request, params: {}, context: {} } as LoaderFunctionArgs;
}

describe("GET /api/v1/statistics", () => {
  const get = async (actor: Actor, search = "") => statisticsApi(await signedInRequest(actor, `/api/v1/statistics${search}`));

  it("returns the figures as documented", async () => {
    const response = await get(people.author!);
    expect(response.status).toBe(200);
    const body = repositoryStatisticsSchema.parse(await response.json());
    expect(body.items.total).toBe(3);
  });

  it("answers refusals, unknown units and bad dates as problems", async () => {
    for (const [search, status] of [
      [`?organisationId=${units["TRUONG-TB"]}`, 403],
      ["?organisationId=0123456789abcdef01234567", 404],
      ["?from=2026-03-05&to=2026-03-01", 400],
    ] as const) {
      const response = await get(people.author!, search);
      expect(response.status, search).toBe(status);
      expect(response.headers.get("content-type"), search).toContain(PROBLEM_CONTENT_TYPE);
      expect(((await response.json()) as { detail: string }).detail, search).not.toBe("");
    }
  });
});

describe("the Excel export", () => {
  it("holds the page's figures, a sheet per part", async () => {
    const response = await statisticsExport(await signedInRequest(people.author!, "/statistics/export.xlsx"));
    expect(response.headers.get("content-disposition")).toContain("thong-ke-kho-hoc-lieu-TRUONG-TA-");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Học liệu", "Người đóng góp", "Thẩm định", "Sử dụng lại"]);
    const rows = workbook
      .getWorksheet("Học liệu")!
      .getSheetValues()
      .map((row) => (Array.isArray(row) ? row.slice(1) : []));
    expect(rows).toContainEqual(["Học liệu", 3]);
    expect(rows).toContainEqual(["Toán", 2]);
    const reviews = workbook
      .getWorksheet("Thẩm định")!
      .getSheetValues()
      .map((row) => (Array.isArray(row) ? row.slice(1) : []));
    expect(reviews).toContainEqual(["cấp trường", 1, 2, 4, 5]);
    expect(reviews).toContainEqual(["cấp Sở", 0, 0, "—", "—"]);
  });
});

import { Material } from "#models/material";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { createMaterialSchema } from "#content-schemas/materials";
import { REVIEW_CRITERIA } from "#content-schemas/review";
import { actorOf, type Actor } from "~/auth/session.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { Assessment } from "#models/assessment";
import { seedApprovedQuestions } from "./question-bank";
import { createAssessment, generateVersions } from "~/domain/assessments/assessments.server";
import { assignAssessment } from "~/domain/assessments/assignments.server";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { classesTaughtBy } from "~/domain/sharing/class-use.server";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import { upsertOrganisation, type OrganisationInput } from "~/domain/organisations/upsert-organisation.server";
import type { Types } from "mongoose";
import { setTwoFactorKey } from "~/auth/two-factor.server";
import { listClasses } from "~/domain/classes/class-directory.server";
import { enrolStudent, saveClass } from "~/domain/classes/save-class.server";
import { organisationByCode, upsertUser, type UserInput } from "~/domain/people/upsert-user.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { listSubjectGroups, saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { ensureSearchIndexes } from "~/domain/search/search-indexes.server";
import { ensureBucket } from "~/services/storage.server";

/** A small, clearly fictional organisation tree for demos and end-to-end tests. */
export const DEMO_ORGANISATIONS: readonly OrganisationInput[] = [
  { code: "BGDDT", name: "Bộ Giáo dục và Đào tạo", type: "national" },
  { code: "SGD-MAU", name: "Sở GDĐT tỉnh Mẫu (demo)", type: "province", parentCode: "BGDDT" },
  { code: "PGD-DONG", name: "Phòng GDĐT huyện Đông (demo)", type: "district", parentCode: "SGD-MAU" },
  { code: "PGD-TAY", name: "Phòng GDĐT huyện Tây (demo)", type: "district", parentCode: "SGD-MAU" },
  {
    code: "THCS-NGUYEN-DU",
    name: "Trường THCS Nguyễn Du",
    type: "school",
    schoolLevel: "lower_secondary",
    parentCode: "PGD-DONG",
  },
  {
    code: "THPT-CHU-VAN-AN",
    name: "Trường THPT Chu Văn An",
    type: "school",
    schoolLevel: "upper_secondary",
    parentCode: "PGD-DONG",
  },
  {
    code: "THPT-LE-QUY-DON",
    name: "Trường THPT Lê Quý Đôn",
    type: "school",
    schoolLevel: "upper_secondary",
    parentCode: "PGD-TAY",
  },
];

/** Shared by every demo account; printed by `npm run up`. Never use demo data in production. */
export const DEMO_PASSWORD = "HocLieu@2026";
/** Two-factor key of the demo administrators (add it to an authenticator app, or run `npm run demo:otp`). */
export const DEMO_TOTP_KEY = "KHOHOCLIEUDEMOKHOHOCLIEUDEMO2Z26";

export const DEMO_USERS: readonly Omit<UserInput, "initialPassword">[] = [
  {
    username: "quantri",
    fullName: "Quản trị hệ thống",
    organisationCode: "BGDDT",
    roles: [{ role: "system_admin", organisationCode: "BGDDT" }],
  },
  {
    username: "admin.pgddong",
    fullName: "Hoàng Văn Nam",
    organisationCode: "PGD-DONG",
    roles: [{ role: "org_admin", organisationCode: "PGD-DONG" }],
  },
  {
    username: "admin.nguyendu",
    fullName: "Trần Thị Hồng",
    email: "hong.tran@nguyendu.example.edu.vn",
    organisationCode: "THCS-NGUYEN-DU",
    roles: [{ role: "org_admin", organisationCode: "THCS-NGUYEN-DU" }],
  },
  {
    username: "gv.minh",
    fullName: "Nguyễn Văn Minh",
    email: "minh.nguyen@nguyendu.example.edu.vn",
    organisationCode: "THCS-NGUYEN-DU",
    roles: [{ role: "teacher", organisationCode: "THCS-NGUYEN-DU" }],
  },
  {
    username: "gv.thu",
    fullName: "Đỗ Thị Thu",
    organisationCode: "THCS-NGUYEN-DU",
    roles: [{ role: "teacher", organisationCode: "THCS-NGUYEN-DU" }],
  },
  {
    username: "gv.ha",
    fullName: "Lê Thu Hà",
    organisationCode: "THPT-CHU-VAN-AN",
    roles: [{ role: "teacher", organisationCode: "THPT-CHU-VAN-AN" }],
  },
  {
    username: "cv.toan",
    fullName: "Vũ Thị Lan",
    organisationCode: "PGD-DONG",
    roles: [{ role: "reviewer", organisationCode: "PGD-DONG" }],
  },
  {
    username: "hs.bao",
    fullName: "Phạm Gia Bảo",
    organisationCode: "THCS-NGUYEN-DU",
    roles: [{ role: "student", organisationCode: "THCS-NGUYEN-DU" }],
  },
];

const DEMO_GROUP = "Tổ Toán – Tin (demo)";
const DEMO_CLASS = "9A1";

/** Idempotent: every record is upserted by its code, so running it again changes nothing. */
export async function seedDemoData() {
  await ensureBucket();
  await ensureSearchIndexes();
  const subjects = await importSubjects(GDPT_2018_SUBJECTS);
  await importTopicList(GDPT_2018_TOPICS, { keepExisting: true });
  for (const organisation of DEMO_ORGANISATIONS) await upsertOrganisation(organisation);
  // Demo accounts may sign in straight away; real accounts created by admins must change their password.
  const ids = new Map<string, Types.ObjectId>();
  for (const user of DEMO_USERS) {
    const id = await upsertUser({ ...user, initialPassword: DEMO_PASSWORD, mustChangePassword: false });
    ids.set(user.username, id);
    if (user.roles.some(({ role }) => role === "system_admin" || role === "org_admin")) await setTwoFactorKey(id, DEMO_TOTP_KEY);
  }

  const school = await organisationByCode("THCS-NGUYEN-DU");
  const teacher = String(ids.get("gv.minh"));
  const schoolYear = currentSchoolYear();
  const existingGroup = (await listSubjectGroups(school.id)).find((group) => group.name === DEMO_GROUP);
  await saveSubjectGroup(
    school,
    {
      schoolId: String(school.id),
      name: DEMO_GROUP,
      subjectCodes: ["TOAN", "TIN_HOC"],
      leaderId: teacher,
      memberIds: [teacher, String(ids.get("gv.thu"))],
    },
    existingGroup?.id,
  );
  const existingClass = (await listClasses(school.id, schoolYear)).find((schoolClass) => schoolClass.name === DEMO_CLASS);
  await saveClass(
    school,
    {
      schoolId: String(school.id),
      schoolYear,
      name: DEMO_CLASS,
      grade: 9,
      homeroomTeacherId: teacher,
      subjectTeachers: [{ subjectCode: "TOAN", teacherId: teacher }],
    },
    existingClass?.id,
  );
  await enrolStudent(school, schoolYear, DEMO_CLASS, ids.get("hs.bao")!);
  await seedDemoMaterials(ids);
  await seedDemoTest(ids);
  return { subjects, organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length };
}

/**
 * Two of the demo teacher's materials (a lecture with a formula and a link), created once. The lecture goes
 * through the subject group (gv.thu reviews) and the district (cv.toan), so the shared repository has an item
 * for the other demo school's teacher (gv.ha) to find.
 */
async function seedDemoMaterials(ids: Map<string, Types.ObjectId>) {
  const teacherId = ids.get("gv.minh")!;
  if (await Material.exists({ createdBy: teacherId })) return;
  const actorFor = async (username: string) => {
    const user = await User.findById(ids.get(username), USER_PROFILE_FIELDS).lean<UserProfile>();
    if (!user) throw new Error(`demo account ${username} is missing`);
    return actorOf(user, "");
  };
  const actor = await actorFor("gv.minh");
  // Through the content schema, as every other writer of materials: defaults filled in, the lecture body checked.
  const create = (input: Record<string, unknown>) =>
    createMaterial(actor, createMaterialSchema.parse({ subjectCode: "TOAN", grades: [9], ...input }));
  const text = (value: string) => ({ type: "text" as const, text: value });
  const lecture = await create({
    kind: "lecture",
    title: "Bài giảng: Công thức nghiệm của phương trình bậc hai",
    summary: "Biệt thức Δ và công thức nghiệm, kèm ví dụ.",
    body: {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [text("Công thức nghiệm")] },
        {
          type: "paragraph",
          content: [
            text("Phương trình "),
            { type: "inlineMath", attrs: { latex: "ax^2 + bx + c = 0 \\; (a \\neq 0)" } },
            text(" có biệt thức "),
            { type: "inlineMath", attrs: { latex: "\\Delta = b^2 - 4ac" } },
            text(". Khi Δ ≥ 0, phương trình có nghiệm:"),
          ],
        },
        { type: "blockMath", attrs: { latex: "x = \\frac{-b \\pm \\sqrt{\\Delta}}{2a}" } },
      ],
    },
  });
  if (lecture.ok) await shareDemoLecture(lecture.value.id, actor, await actorFor("gv.thu"), await actorFor("cv.toan"));
  await create({
    kind: "link",
    title: "Hành trang số — sách giáo khoa điện tử",
    summary: "Kho sách giáo khoa điện tử của Nhà xuất bản Giáo dục Việt Nam.",
    url: "https://hanhtrangso.nxbgd.vn",
  });
}

async function shareDemoLecture(id: string, author: Actor, reviewer: Actor, districtReviewer: Actor) {
  const approve = {
    decision: "approve" as const,
    criteria: REVIEW_CRITERIA.map((criterion) => ({ criterion, pass: true, comment: "" })),
    message: "Đạt yêu cầu.",
  };
  await reviewStep(author, id, { action: "submit" });
  await reviewStep(author, id, { action: "assign", reviewerId: reviewer.id, dueAt: new Date(Date.now() + 7 * 86_400_000) });
  await reviewStep(reviewer, id, { action: "decide", decision: approve });
  await nominate(author, id);
  await decideNomination(districtReviewer, id, approve);
}

/**
 * A small Toán 9 bank approved by the demo subject group (through its review, as teachers do) and a regular test
 * drawn from it with 2 versions, open for two weeks in class 9A1, so hs.bao can take it and gv.minh can see the
 * results. Created once.
 */
async function seedDemoTest(ids: Map<string, Types.ObjectId>) {
  const teacherId = ids.get("gv.minh")!;
  if (await Assessment.exists({ createdBy: teacherId })) return;
  const actorFor = async (username: string) =>
    actorOf((await User.findById(ids.get(username), USER_PROFILE_FIELDS).lean<UserProfile>())!, "");
  const teacher = await actorFor("gv.minh");
  const [topic] = await listTopics("TOAN", 9);
  await seedApprovedQuestions({
    author: teacher,
    leader: teacher,
    reviewer: await actorFor("gv.thu"),
    subject: "TOAN",
    grade: 9,
    topicIds: [topic!.id],
    perTopicAndLevel: { single_choice: 2, true_false_group: 1, short_answer: 1 },
    label: "demo",
  });
  // 4 single choice × 1 + 2 true/false × 1.5 + 2 short answers × 1.5 = 10 points.
  const cell = (
    format: "single_choice" | "true_false_group" | "short_answer",
    level: "biet" | "hieu" | "van_dung",
    count: number,
    pointsEach: number,
  ) => ({ format, level, count, pointsEach });
  const created = await createAssessment(teacher, {
    title: "Kiểm tra thường xuyên Toán 9 (demo)",
    subject: "TOAN",
    grade: 9,
    purpose: "regular",
    rounding: "0.25",
    shuffleItems: true,
    shuffleOptions: true,
    blueprint: {
      levelScale: "three",
      rows: [
        {
          topicId: topic!.id,
          outcomes: {},
          cells: [
            cell("single_choice", "biet", 2, 1),
            cell("single_choice", "hieu", 1, 1),
            cell("single_choice", "van_dung", 1, 1),
            cell("true_false_group", "biet", 1, 1.5),
            cell("true_false_group", "hieu", 1, 1.5),
            cell("short_answer", "hieu", 1, 1.5),
            cell("short_answer", "van_dung", 1, 1.5),
          ],
        },
      ],
    },
  });
  if (!created.ok) throw new Error(created.reason);
  const generated = await generateVersions(teacher, created.value.id, { versions: 2, firstCode: 101, redraw: false });
  if (!generated.result.ok) throw new Error(generated.result.reason);
  const schoolClass = (await classesTaughtBy(teacher)).find((taught) => taught.name === DEMO_CLASS)!;
  const assigned = await assignAssessment(teacher, created.value.id, {
    classId: schoolClass.id,
    opensAt: new Date().toISOString(),
    closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    timeLimitMinutes: 20,
    maxAttempts: 1,
    accessCode: "",
    allowedIpRanges: [],
    showResults: "immediately",
    accommodations: [],
  });
  if (!assigned.ok) throw new Error(assigned.reason);
}

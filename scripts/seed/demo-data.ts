import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList } from "~/domain/curriculum/topics.server";
import { upsertOrganisation, type OrganisationInput } from "~/domain/organisations/upsert-organisation.server";
import type { Types } from "mongoose";
import { setTwoFactorKey } from "~/auth/two-factor.server";
import { listClasses } from "~/domain/classes/class-directory.server";
import { enrolStudent, saveClass } from "~/domain/classes/save-class.server";
import { organisationByCode, upsertUser, type UserInput } from "~/domain/people/upsert-user.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { listSubjectGroups, saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
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
    username: "gv.ha",
    fullName: "Lê Thu Hà",
    organisationCode: "THPT-CHU-VAN-AN",
    roles: [{ role: "teacher", organisationCode: "THPT-CHU-VAN-AN" }],
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
    { schoolId: String(school.id), name: DEMO_GROUP, subjectCodes: ["TOAN", "TIN_HOC"], leaderId: teacher, memberIds: [teacher] },
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
  return { subjects, organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length };
}

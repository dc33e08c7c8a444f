import { beforeAll, describe, expect, it } from "vitest";
import { RosterImport } from "#models/roster-import";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import { signIn } from "~/domain/auth/sign-in.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode, upsertUser, type OrganisationRef } from "~/domain/people/upsert-user.server";
import { applyRosterImport, PASSWORD_SHEET_PURPOSE, type InitialPassword } from "~/domain/roster/apply-roster-import.server";
import { previewRosterImport } from "~/domain/roster/preview-roster-import.server";
import { readRosterFile, RosterFileError } from "~/domain/roster/read-roster-file.server";
import { unseal } from "~/utils/secret-box.server";
import { fortyStudentRoster, rosterWorkbook } from "../support/roster-files";

let school: OrganisationRef;
let adminId: string;

beforeAll(async () => {
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-R", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-R", name: "Phòng", type: "district", parentCode: "SGD-R" });
  await upsertOrganisation({ code: "THCS-R", name: "THCS R", type: "school", parentCode: "PGD-R" });
  await upsertOrganisation({ code: "THCS-KHAC", name: "THCS Khác", type: "school", parentCode: "PGD-R" });
  school = await organisationByCode("THCS-R");
  adminId = String(
    await upsertUser({
      username: "admin.r",
      fullName: "Quản trị R",
      organisationCode: "THCS-R",
      roles: [{ role: "org_admin", organisationCode: "THCS-R" }],
      initialPassword: "x".repeat(12),
    }),
  );
});

async function preview(fileBytes: Uint8Array, fileName = "danh-sach.xlsx") {
  const rows = await readRosterFile(fileName, fileBytes);
  return previewRosterImport({ school, schoolYear: "2026-2027", fileName, rows, createdBy: adminId });
}

describe("roster import", () => {
  it("flags exactly the three wrong rows of a 40-student roster and writes nothing", async () => {
    const result = await preview(await rosterWorkbook(fortyStudentRoster({ mistakes: true })));
    const flagged = result.rows.filter((row) => row.problems.length > 0);
    expect(flagged.map((row) => [row.kind, row.rowNumber])).toEqual([
      ["students", 11],
      ["students", 16],
      ["students", 31],
    ]);
    expect(flagged[0]!.problems).toEqual(["Mã HS0005 trùng với dòng 6 (trang Học sinh)."]);
    expect(flagged[1]!.problems).toEqual(["Không có lớp 6A9 trong năm học 2026-2027."]);
    expect(flagged[2]!.problems).toEqual(["Ngày sinh: Ngày sinh 31/2/2014 không tồn tại hoặc nằm ngoài khoảng hợp lệ."]);
    expect(result.summary).toMatchObject({ rows: 44, rowsWithProblems: 3, create: { classes: 2, teachers: 2, students: 37 } });

    expect(await applyRosterImport({ importId: String(result.importId), actorId: adminId, ipAddress: "x" })).toEqual({
      ok: false,
      reason: "has_problems",
    });
    expect(await User.countDocuments({ organisationId: school.id, "roles.role": "student" })).toBe(0);
    expect(await SchoolClass.countDocuments({ schoolId: school.id })).toBe(0);
  });

  it("imports the corrected file: accounts with first passwords, classes with homeroom teachers and students", async () => {
    const result = await preview(await rosterWorkbook(fortyStudentRoster({ mistakes: false })));
    expect(result.summary.rowsWithProblems).toBe(0);
    const applied = await applyRosterImport({ importId: String(result.importId), actorId: adminId, ipAddress: "x" });
    expect(applied).toEqual({ ok: true, created: 44, updated: 0 });
    expect(await applyRosterImport({ importId: String(result.importId), actorId: adminId, ipAddress: "x" })).toEqual({
      ok: false,
      reason: "already_applied",
    });

    const sixA1 = await SchoolClass.findOne({ schoolId: school.id, schoolYear: "2026-2027", name: "6A1" }).lean();
    const lan = await User.findOne({ username: "gv0101" }).lean();
    expect(sixA1?.studentIds).toHaveLength(20);
    expect(sixA1?.homeroomTeacherId?.equals(lan!._id)).toBe(true);

    const stored = await RosterImport.findById(result.importId).lean();
    expect(stored?.encryptedPasswords).not.toContain("HS0001");
    const passwords = JSON.parse(unseal(PASSWORD_SHEET_PURPOSE, stored!.encryptedPasswords!)) as InitialPassword[];
    expect(passwords).toHaveLength(42);
    const first = passwords.find((entry) => entry.code === "HS0001")!;
    expect(first).toMatchObject({ kind: "students", className: "6A1", username: "hs0001" });
    expect(await signIn({ login: "hs0001", password: first.password, ipAddress: "10.1.1.1" })).toMatchObject({
      ok: true,
      mustChangePassword: true,
    });
  });

  it("re-importing the same file only updates, and moving a student changes their class", async () => {
    const fixture = fortyStudentRoster({ mistakes: false });
    fixture.students[0]![3] = "6A2";
    const result = await preview(await rosterWorkbook(fixture));
    expect(result.summary).toMatchObject({
      rowsWithProblems: 0,
      create: { classes: 0, teachers: 0, students: 0 },
      update: { classes: 2, teachers: 2, students: 40 },
    });
    expect(await applyRosterImport({ importId: String(result.importId), actorId: adminId, ipAddress: "x" })).toEqual({
      ok: true,
      created: 0,
      updated: 44,
    });
    const student = await User.findOne({ username: "hs0001" }).lean();
    const classes = await SchoolClass.find({ studentIds: student!._id }).lean();
    expect(classes.map((schoolClass) => schoolClass.name)).toEqual(["6A2"]);
    expect(await User.countDocuments({ organisationId: school.id })).toBe(43);
  });

  it("refuses a code that already belongs to someone in another school", async () => {
    await upsertUser({
      username: "hs9999",
      fullName: "Học sinh trường khác",
      organisationCode: "THCS-KHAC",
      roles: [{ role: "student", organisationCode: "THCS-KHAC" }],
      initialPassword: "y".repeat(12),
    });
    const fixture = fortyStudentRoster({ mistakes: false });
    fixture.students.push(["HS9999", "Trùng mã", "01/01/2014", "6A1"]);
    const result = await preview(await rosterWorkbook(fixture));
    expect(result.rows.filter((row) => row.problems.length).map((row) => row.problems)).toEqual([
      ["Mã HS9999 đã được dùng cho một người ở đơn vị khác."],
    ]);
  });

  it("reads a CSV file of one kind, told by its headings", async () => {
    const csv = "\uFEFFMã học sinh;Họ và tên;Ngày sinh;Lớp\nHS0100;Đỗ Thu Trang;02/02/2014;6A1\n";
    const rows = await readRosterFile("hoc-sinh.csv", new TextEncoder().encode(csv));
    expect(rows).toEqual([
      {
        kind: "students",
        rowNumber: 2,
        cells: { code: "HS0100", fullName: "Đỗ Thu Trang", dateOfBirth: "02/02/2014", className: "6A1" },
      },
    ]);
  });

  it("explains a file it cannot read", async () => {
    await expect(readRosterFile("anh.png", new Uint8Array([1, 2, 3]))).rejects.toThrow("Chỉ nhận tệp .xlsx hoặc .csv.");
    await expect(readRosterFile("hong.xlsx", new Uint8Array([1, 2, 3]))).rejects.toThrow(RosterFileError);
  });
});

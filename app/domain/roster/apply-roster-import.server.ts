import { Types } from "mongoose";
import type { ClassRow, StudentRow, TeacherRow } from "#content-schemas/roster";
import { RosterImport } from "#models/roster-import";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import { generateInitialPassword } from "~/auth/initial-password.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { enrolStudent } from "~/domain/classes/save-class.server";
import { savePerson, type OrganisationRef } from "~/domain/people/upsert-user.server";
import { seal } from "~/utils/secret-box.server";
import type { PreviewRow } from "./preview-roster-import.server";

export const PASSWORD_SHEET_PURPOSE = "roster-initial-passwords";

export interface InitialPassword {
  kind: "teachers" | "students";
  code: string;
  fullName: string;
  className?: string;
  username: string;
  password: string;
}

export type ApplyResult =
  { ok: true; created: number; updated: number } | { ok: false; reason: "not_found" | "has_problems" | "already_applied" };

/**
 * Writes a previewed roster: teachers, then classes, then students and their class. Claimed with one
 * guarded update so a double click applies it once; every write is a single-document upsert by code,
 * so importing the same file again only updates.
 */
export async function applyRosterImport({
  importId,
  actorId,
  ipAddress,
}: {
  importId: string;
  actorId: string;
  ipAddress: string;
}): Promise<ApplyResult> {
  const pending = await RosterImport.findOne({ _id: new Types.ObjectId(importId) }, { rows: 1, status: 1 }).lean();
  if (!pending) return { ok: false, reason: "not_found" };
  if ((pending.rows as PreviewRow[]).some((row) => row.problems.length > 0)) return { ok: false, reason: "has_problems" };
  const claimed = await RosterImport.findOneAndUpdate(
    { _id: pending._id, status: "previewed" },
    { $set: { status: "applying" } },
  ).lean();
  if (!claimed) return { ok: false, reason: "already_applied" };

  const school: OrganisationRef = { id: claimed.schoolId, path: claimed.organisationPath };
  const rows = claimed.rows as PreviewRow[];
  const passwords: InitialPassword[] = [];
  let created = 0;
  let updated = 0;
  const idByCode = new Map<string, Types.ObjectId>();

  const savePeople = async (kind: "teachers" | "students") => {
    for (const row of rows.filter((candidate) => candidate.kind === kind)) {
      const values = row.values as TeacherRow | StudentRow;
      const password = generateInitialPassword();
      const saved = await savePerson({
        username: values.code,
        code: values.code,
        fullName: values.fullName,
        email: "email" in values ? values.email : undefined,
        dateOfBirth: values.dateOfBirth,
        home: school,
        roles: [{ role: kind === "teachers" ? "teacher" : "student", scope: school }],
        rolesMode: "add",
        initialPassword: password,
        mustChangePassword: true,
      });
      idByCode.set(values.code.toLowerCase(), saved.id);
      if (saved.created) {
        created += 1;
        passwords.push({
          kind,
          code: values.code,
          fullName: values.fullName,
          className: "className" in values ? values.className : undefined,
          username: values.code.toLowerCase(),
          password,
        });
      } else {
        updated += 1;
      }
    }
  };

  await savePeople("teachers");
  for (const row of rows.filter((candidate) => candidate.kind === "classes")) {
    const values = row.values as ClassRow;
    const homeroomCode = values.homeroomTeacherCode?.toLowerCase();
    const homeroomTeacherId = homeroomCode
      ? (idByCode.get(homeroomCode) ?? (await User.findOne({ username: homeroomCode }, { _id: 1 }).lean())?._id ?? null)
      : null;
    const result = await SchoolClass.updateOne(
      { schoolId: school.id, schoolYear: claimed.schoolYear, name: values.name },
      { $set: { grade: values.grade, organisationPath: school.path, ...(homeroomCode ? { homeroomTeacherId } : {}) } },
      { upsert: true },
    );
    if (result.upsertedCount > 0) created += 1;
    else updated += 1;
  }
  await savePeople("students");
  for (const row of rows.filter((candidate) => candidate.kind === "students")) {
    const values = row.values as StudentRow;
    const studentId = idByCode.get(values.code.toLowerCase());
    if (studentId) await enrolStudent(school, claimed.schoolYear, values.className, studentId);
  }

  await RosterImport.updateOne(
    { _id: claimed._id },
    {
      $set: {
        status: "applied",
        encryptedPasswords: seal(PASSWORD_SHEET_PURPOSE, JSON.stringify(passwords)),
        "summary.applied": { created, updated },
      },
    },
  );
  await recordAuditEvent({
    action: "roster.imported",
    actorId,
    organisationPath: school.path,
    ipAddress,
    details: { importId: String(claimed._id), fileName: claimed.fileName, schoolYear: claimed.schoolYear, created, updated },
  });
  return { ok: true, created, updated };
}

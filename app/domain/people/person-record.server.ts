import { subject } from "@casl/ability";
import { accessibleBy } from "@casl/mongoose";
import ExcelJS from "exceljs";
import { isValidObjectId, Types } from "mongoose";
import { AuditEvent } from "#models/audit-event";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import { generateInitialPassword } from "~/auth/initial-password.server";
import { signOutEverywhere } from "~/auth/lucia.server";
import { hashPassword } from "~/auth/password.server";
import { defineAbilityFor, type Action } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { studentAttemptRecords, type AttemptRecord } from "~/domain/assessments/personal-records.server";
import { ATTEMPT_STATUS_LABELS } from "~/domain/assessments/results-workbook.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { ASSIGNABLE_ROLES, type CreatePersonInput, type UpdatePersonInput } from "#content-schemas/people";
import { savePerson, type OrganisationRef } from "./upsert-user.server";

const PAGE_SIZE = 50;

/** People of one school the person may see, optionally filtered by name/code and role. */
export async function listPeople(actor: Actor, schoolId: Types.ObjectId, filter: { query?: string; role?: string }) {
  const ability = defineAbilityFor(actor);
  const conditions: Record<string, unknown>[] = [accessibleBy(ability, "read").ofType("User"), { organisationId: schoolId }];
  if (filter.role) conditions.push({ "roles.role": filter.role });
  if (filter.query) {
    const pattern = new RegExp(filter.query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    conditions.push({ $or: [{ fullName: pattern }, { username: pattern }] });
  }
  const people = await User.find(
    { $and: conditions },
    { fullName: 1, username: 1, roles: 1, mustChangePassword: 1, lastSignInAt: 1 },
  )
    .sort({ fullName: 1 })
    .limit(PAGE_SIZE)
    .lean();
  return people.map((person) => ({
    id: String(person._id),
    fullName: person.fullName,
    username: person.username,
    roles: [...new Set(person.roles.map((binding) => binding.role))],
    mustChangePassword: person.mustChangePassword,
    lastSignInAt: person.lastSignInAt,
  }));
}

async function personFor(actor: Actor, userId: string | undefined, action: Action) {
  if (!userId || !isValidObjectId(userId)) throw new Response("Not Found", { status: 404 });
  const person = await User.findById(new Types.ObjectId(userId)).lean();
  if (!person) throw new Response("Not Found", { status: 404 });
  const allowed = defineAbilityFor(actor).can(
    action,
    subject("User", { _id: String(person._id), organisationPath: person.organisationPath.map(String) }),
  );
  if (!allowed) throw new Response("Bạn không có quyền xem hồ sơ này.", { status: 403 });
  return person;
}

const isStudent = (person: { roles: { role: string }[] }) => person.roles.some((binding) => binding.role === "student");

/** One person's record for staff; each read of a student's record by someone else is written to the audit log. */
export async function readPersonRecord(actor: Actor, userId: string | undefined, ipAddress: string) {
  const person = await personFor(actor, userId, "read");
  if (isStudent(person) && String(person._id) !== actor.id) {
    await recordAuditEvent({
      action: "personal_data.read",
      actorId: actor.id,
      actorLabel: actor.username,
      subjectUserId: person._id,
      organisationPath: person.organisationPath,
      ipAddress,
    });
  }
  const classes = await SchoolClass.find({ studentIds: person._id }, { name: 1, schoolYear: 1 }).sort({ schoolYear: -1 }).lean();
  return {
    id: String(person._id),
    fullName: person.fullName,
    username: person.username,
    code: person.code ?? null,
    email: person.email ?? null,
    dateOfBirth: person.dateOfBirth ?? null,
    roles: [...new Set(person.roles.map((binding) => binding.role))],
    classes: classes.map((schoolClass) => `${schoolClass.name} (${schoolClass.schoolYear})`),
    mustChangePassword: person.mustChangePassword,
    lastSignInAt: person.lastSignInAt,
    createdAt: (person as { createdAt?: Date }).createdAt ?? null,
  };
}

/**
 * Sets a new first password (returned once, never stored in clear), forces a change, signs the person out
 * everywhere and clears their two-factor key: the recovery path for someone who lost their phone, who then enrols again.
 */
export async function resetPassword(actor: Actor, userId: string | undefined, ipAddress: string): Promise<string> {
  // "manage", not "update": everyone may update their own profile, only administrators reset passwords.
  const person = await personFor(actor, userId, "manage");
  const password = generateInitialPassword();
  await User.updateOne(
    { _id: person._id },
    {
      $set: {
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        totpSecret: null,
        totpPendingSecret: null,
        totpEnabledAt: null,
      },
    },
  );
  await signOutEverywhere(String(person._id));
  await recordAuditEvent({
    action: "auth.password_reset",
    actorId: actor.id,
    actorLabel: actor.username,
    subjectUserId: person._id,
    organisationPath: person.organisationPath,
    ipAddress,
  });
  return password;
}

/**
 * Everything the system holds about one person (data-subject access request), as JSON and as a spreadsheet: the
 * profile, the activity log and, for a student, every test with its answers, marks, photos and integrity log.
 */
export async function exportPersonalData(actor: Actor, userId: string | undefined, ipAddress: string) {
  const person = await personFor(actor, userId, "read");
  const [record, events, attempts] = await Promise.all([
    readPersonRecord(actor, userId, ipAddress),
    AuditEvent.find({ $or: [{ actorId: person._id }, { subjectUserId: person._id }] }, { action: 1, at: 1, ipAddress: 1 })
      .sort({ at: -1 })
      .limit(1000)
      .lean(),
    studentAttemptRecords(actor, person._id),
  ]);
  await recordAuditEvent({
    action: "personal_data.exported",
    actorId: actor.id,
    actorLabel: actor.username,
    subjectUserId: person._id,
    organisationPath: person.organisationPath,
    ipAddress,
  });
  const data = {
    exportedAt: new Date().toISOString(),
    person: record,
    activity: events.map((event) => ({ action: event.action, at: event.at.toISOString(), ipAddress: event.ipAddress })),
    attempts,
  };
  const workbook = new ExcelJS.Workbook();
  const profile = workbook.addWorksheet("Hồ sơ");
  profile.columns = [
    { header: "Trường thông tin", width: 24 },
    { header: "Giá trị", width: 48 },
  ];
  for (const [key, value] of Object.entries(record))
    profile.addRow([key, Array.isArray(value) ? value.join(", ") : value === null ? "" : String(value)]);
  const activity = workbook.addWorksheet("Hoạt động");
  activity.columns = [
    { header: "Sự kiện", width: 28 },
    { header: "Thời điểm (UTC)", width: 26 },
    { header: "Địa chỉ IP", width: 18 },
  ];
  for (const event of data.activity) activity.addRow([event.action, event.at, event.ipAddress]);
  addAttemptSheets(workbook, attempts);
  return { json: data, xlsx: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

function addAttemptSheets(workbook: ExcelJS.Workbook, attempts: AttemptRecord[]) {
  const tests = workbook.addWorksheet("Bài kiểm tra");
  tests.columns = [
    { header: "Bài kiểm tra", width: 36 },
    { header: "Lớp", width: 8 },
    { header: "Lần làm", width: 8 },
    { header: "Mã đề", width: 8 },
    { header: "Trạng thái", width: 18 },
    { header: "Bắt đầu (UTC)", width: 26 },
    { header: "Nộp lúc (UTC)", width: 26 },
    { header: "Điểm", width: 8 },
    { header: "Địa chỉ IP lúc bắt đầu", width: 20 },
    { header: "Thiết bị", width: 24 },
    { header: "Số ảnh bài làm", width: 10 },
    { header: "Sự kiện khi làm bài", width: 60 },
  ];
  for (const attempt of attempts)
    tests.addRow([
      attempt.test,
      attempt.className,
      attempt.attemptNumber,
      attempt.versionCode,
      ATTEMPT_STATUS_LABELS[attempt.status],
      attempt.startedAt,
      attempt.submittedAt ?? "",
      attempt.score ?? "",
      attempt.startAddress,
      attempt.deviceId,
      attempt.photos.length,
      attempt.events.map((event) => `${event.at} ${event.type}${event.detail ? ` (${event.detail})` : ""}`).join("; "),
    ]);
  const answers = workbook.addWorksheet("Câu trả lời");
  answers.columns = [
    { header: "Bài kiểm tra", width: 36 },
    { header: "Lần làm", width: 8 },
    { header: "Câu", width: 8 },
    { header: "Câu trả lời (JSON)", width: 60 },
    { header: "Lưu lúc (UTC)", width: 26 },
    { header: "Điểm câu", width: 10 },
    { header: "Nhận xét của giáo viên", width: 40 },
  ];
  for (const attempt of attempts)
    for (const answer of attempt.answers)
      answers.addRow([
        attempt.test,
        attempt.attemptNumber,
        answer.itemKey,
        JSON.stringify(answer.response),
        answer.savedAt,
        answer.earned ?? "",
        answer.comment,
      ]);
}

/** Adds one person to a school by hand; returns their first password, shown once. */
export async function createPerson(actor: Actor, school: OrganisationRef, input: CreatePersonInput, ipAddress: string) {
  const username = input.code.toLowerCase();
  if (await User.exists({ username })) return { ok: false as const, errors: { code: `Mã ${input.code} đã được dùng.` } };
  const password = generateInitialPassword();
  const saved = await savePerson({
    username,
    code: input.code,
    fullName: input.fullName,
    email: input.email,
    dateOfBirth: input.dateOfBirth,
    home: school,
    roles: input.roles.map((role) => ({ role, scope: school })),
    rolesMode: "set",
    initialPassword: password,
    mustChangePassword: true,
  });
  await recordAuditEvent({
    action: "user.roles_changed",
    actorId: actor.id,
    actorLabel: actor.username,
    subjectUserId: saved.id,
    organisationPath: school.path,
    ipAddress,
    details: { roles: input.roles, created: true },
  });
  return { ok: true as const, id: String(saved.id), password };
}

/** Changes a person's details and the roles an administrator assigns at their school. */
export async function updatePerson(actor: Actor, userId: string | undefined, input: UpdatePersonInput, ipAddress: string) {
  const person = await personFor(actor, userId, "manage");
  const school = { id: person.organisationId, path: person.organisationPath };
  const assignable = new Set<string>(ASSIGNABLE_ROLES);
  const kept = person.roles.filter((binding) => !(assignable.has(binding.role) && binding.organisationId.equals(school.id)));
  const roles = [...kept, ...input.roles.map((role) => ({ role, organisationId: school.id, organisationPath: school.path }))];
  await User.updateOne(
    { _id: person._id },
    { $set: { fullName: input.fullName, email: input.email ?? null, dateOfBirth: input.dateOfBirth ?? null, roles } },
  );
  const before = person.roles.map((binding) => binding.role).sort();
  const after = roles.map((binding) => binding.role).sort();
  if (before.join() !== after.join()) {
    await recordAuditEvent({
      action: "user.roles_changed",
      actorId: actor.id,
      actorLabel: actor.username,
      subjectUserId: person._id,
      organisationPath: person.organisationPath,
      ipAddress,
      details: { before, after },
    });
  }
}

import { Types } from "mongoose";
import type { ClassUseInput } from "#content-schemas/sharing";
import { ClassUse, type ClassUseDoc } from "#models/class-use";
import { Material, type MaterialDoc } from "#models/material";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { outboxEvent } from "#models/outbox";
import { CHANGED_TOPIC, findReadableMaterial, type MaterialResult } from "~/domain/materials/materials.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { classesOfStudent } from "./class-access.server";
import { isOpenOn, schoolDay } from "./school-day";

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu." } as const;

/** Whether the person teaches (only teachers give materials to classes). */
export const teaches = (actor: Actor) =>
  actor.roles.some((binding) => binding.role === "teacher" || binding.role === "group_leader");

/** The classes of this school year the person teaches (homeroom or a subject) in their own school. */
export async function classesTaughtBy(actor: Actor) {
  if (!teaches(actor)) return [];
  const teacherId = new Types.ObjectId(actor.id);
  const classes = await SchoolClass.find(
    {
      schoolId: new Types.ObjectId(actor.organisationId),
      schoolYear: currentSchoolYear(),
      $or: [{ homeroomTeacherId: teacherId }, { "subjectTeachers.teacherId": teacherId }],
    },
    { name: 1, grade: 1, schoolYear: 1, organisationPath: 1 },
  )
    .sort({ grade: 1, name: 1 })
    .lean();
  return classes.map((schoolClass) => ({
    id: String(schoolClass._id),
    name: schoolClass.name,
    grade: schoolClass.grade,
    schoolYear: schoolClass.schoolYear,
    organisationPath: schoolClass.organisationPath,
  }));
}

async function names(ids: Types.ObjectId[]) {
  const users = await User.find({ _id: { $in: ids } }, { fullName: 1 }).lean();
  return new Map(users.map((user) => [String(user._id), user.fullName]));
}

function classUseView(use: ClassUseDoc, className: string, schoolYear: string, assignedBy: string) {
  return {
    id: String(use._id),
    materialId: String(use.materialId),
    version: use.version,
    class: { id: String(use.classId), name: className, schoolYear },
    title: use.title,
    note: use.note ?? "",
    opensOn: use.opensOn ?? null,
    closesOn: use.closesOn ?? null,
    assignedBy: { id: String(use.assignedBy), fullName: assignedBy },
  };
}
export type ClassUseView = ReturnType<typeof classUseView>;

/**
 * "Use in my class": gives the live version of a material the teacher may read to one of their classes,
 * pinned, with optional opening and closing days. Giving it again to the same class updates the days
 * and pins the version live now. The first use by a class counts as one reuse of the material.
 */
export async function giveToClass(actor: Actor, materialId: string, input: ClassUseInput): Promise<MaterialResult<ClassUseView>> {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable || readable.pinnedVersion) return NOT_FOUND;
  const { material } = readable;
  const live = material.liveVersion ? material.versions[material.liveVersion - 1] : undefined;
  if (!live) return { ok: false, status: 409, reason: "Chỉ dùng được học liệu đã được duyệt." };
  const schoolClass = (await classesTaughtBy(actor)).find((taught) => taught.id === input.classId);
  if (!schoolClass) return { ok: false, status: 403, reason: "Bạn chỉ giao được cho lớp mình dạy trong năm học này." };

  const key = { classId: new Types.ObjectId(schoolClass.id), materialId: material._id };
  const result = await ClassUse.updateOne(
    key,
    {
      $set: {
        version: live.number,
        title: live.title,
        note: input.note,
        opensOn: input.opensOn ?? null,
        closesOn: input.closesOn ?? null,
        assignedBy: new Types.ObjectId(actor.id),
        organisationPath: schoolClass.organisationPath,
      },
    },
    { upsert: true },
  );
  if (result.upsertedCount === 1) {
    await Material.updateOne(
      { _id: material._id },
      { $inc: { "counters.uses": 1 }, $push: { outbox: outboxEvent(CHANGED_TOPIC, { materialId: String(material._id) }) } },
      { timestamps: false },
    );
  }
  const use = await ClassUse.findOne(key).lean<ClassUseDoc>();
  return { ok: true, value: classUseView(use!, schoolClass.name, schoolClass.schoolYear, actor.fullName) };
}

/** The classes this teacher has given the material to (shown on the material page, with a way to take it back). */
export async function classUsesOf(actor: Actor, material: Pick<MaterialDoc, "_id">) {
  const classes = await classesTaughtBy(actor);
  if (classes.length === 0) return [];
  const byId = new Map(classes.map((schoolClass) => [schoolClass.id, schoolClass]));
  const uses = await ClassUse.find({
    materialId: material._id,
    classId: { $in: classes.map((schoolClass) => new Types.ObjectId(schoolClass.id)) },
  })
    .sort({ createdAt: 1 })
    .lean<ClassUseDoc[]>();
  const assigners = await names(uses.map((use) => use.assignedBy));
  return uses.map((use) => {
    const schoolClass = byId.get(String(use.classId))!;
    return classUseView(use, schoolClass.name, schoolClass.schoolYear, assigners.get(String(use.assignedBy)) ?? "");
  });
}

/** The same, by id, for the API: 404 unless the person may read the material through the sharing rules. */
export async function classUsesOfMaterial(actor: Actor, materialId: string): Promise<MaterialResult<ClassUseView[]>> {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable || readable.pinnedVersion) return NOT_FOUND;
  return { ok: true, value: await classUsesOf(actor, readable.material) };
}

/** Takes a material back from a class; any teacher of that class may. */
export async function removeClassUse(actor: Actor, useId: string): Promise<MaterialResult<null>> {
  if (!Types.ObjectId.isValid(useId)) return NOT_FOUND;
  const taught = (await classesTaughtBy(actor)).map((schoolClass) => new Types.ObjectId(schoolClass.id));
  const result = await ClassUse.deleteOne({ _id: new Types.ObjectId(useId), classId: { $in: taught } });
  return result.deletedCount === 1 ? { ok: true, value: null } : NOT_FOUND;
}

/** What a student's classes were given and is open today, newest first. */
export async function materialsForStudent(actor: Actor) {
  const classes = await classesOfStudent(actor);
  if (classes.length === 0) return [];
  const classNames = new Map(classes.map((schoolClass) => [String(schoolClass._id), schoolClass]));
  const uses = await ClassUse.find({ classId: { $in: classes.map((schoolClass) => schoolClass._id) } })
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<ClassUseDoc[]>();
  const today = schoolDay();
  const open = uses.filter((use) => isOpenOn(today, use));
  const materials = await Material.find(
    { _id: { $in: open.map((use) => use.materialId) }, deletedAt: null, liveVersion: { $ne: null } },
    { kind: 1 },
  ).lean();
  const kinds = new Map(materials.map((material) => [String(material._id), material.kind]));
  const assigners = await names(open.map((use) => use.assignedBy));
  return open
    .filter((use) => kinds.has(String(use.materialId)))
    .map((use) => {
      const schoolClass = classNames.get(String(use.classId))!;
      return {
        ...classUseView(use, schoolClass.name, schoolClass.schoolYear, assigners.get(String(use.assignedBy)) ?? ""),
        kind: kinds.get(String(use.materialId))!,
      };
    });
}

import { isValidObjectId, Types } from "mongoose";
import { assertCanOn } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { SchoolClass } from "#models/school-class";
import { Subject } from "#models/subject";
import { User } from "#models/user";

/** The classes of a school year with their homeroom teacher's name and head count. */
export async function listClasses(schoolId: Types.ObjectId, schoolYear: string) {
  const classes = await SchoolClass.find({ schoolId, schoolYear }).sort({ grade: 1, name: 1 }).lean();
  const homeroomIds = classes
    .map((schoolClass) => schoolClass.homeroomTeacherId)
    .filter((id): id is Types.ObjectId => Boolean(id));
  const names = new Map(
    (await User.find({ _id: { $in: homeroomIds } }, { fullName: 1 }).lean()).map((user) => [String(user._id), user.fullName]),
  );
  return classes.map((schoolClass) => ({
    id: String(schoolClass._id),
    name: schoolClass.name,
    grade: schoolClass.grade,
    homeroomTeacher: schoolClass.homeroomTeacherId ? (names.get(String(schoolClass.homeroomTeacherId)) ?? null) : null,
    students: schoolClass.studentIds.length,
  }));
}

/** What the class form offers: the school's teachers and the curriculum's subjects. */
export async function classFormOptions(schoolId: Types.ObjectId) {
  const [teachers, subjects] = await Promise.all([
    User.find({ organisationId: schoolId, "roles.role": "teacher", disabledAt: null }, { fullName: 1, code: 1 })
      .sort({ fullName: 1 })
      .lean(),
    Subject.find({}, { code: 1, name: 1, grades: 1 }).sort({ order: 1 }).lean(),
  ]);
  return {
    teachers: teachers.map((teacher) => ({
      id: String(teacher._id),
      name: teacher.code ? `${teacher.fullName} (${teacher.code})` : teacher.fullName,
    })),
    subjects: subjects.map((subject) => ({ code: subject.code, name: subject.name, grades: subject.grades })),
  };
}

export async function classDetails(classId: string, schoolId: Types.ObjectId) {
  const schoolClass = await SchoolClass.findOne({ _id: new Types.ObjectId(classId), schoolId }).lean();
  if (!schoolClass) return null;
  const students = await User.find({ _id: { $in: schoolClass.studentIds } }, { fullName: 1, code: 1 })
    .sort({ fullName: 1 })
    .lean();
  return {
    id: String(schoolClass._id),
    name: schoolClass.name,
    grade: schoolClass.grade,
    schoolYear: schoolClass.schoolYear,
    homeroomTeacherId: schoolClass.homeroomTeacherId ? String(schoolClass.homeroomTeacherId) : "",
    // Classes created by a roster import may predate the field.
    subjectTeachers: (schoolClass.subjectTeachers ?? []).map((entry) => ({
      subjectCode: entry.subjectCode,
      teacherId: String(entry.teacherId),
    })),
    students: students.map((student) => ({ id: String(student._id), name: student.fullName, code: student.code ?? "" })),
  };
}

/** The school of a class the person administers; 404 for an unknown class, 403 for another school's. */
export async function requireAdministeredClass(actor: Actor, classId: string | undefined) {
  if (!classId || !isValidObjectId(classId)) throw new Response("Not Found", { status: 404 });
  const schoolClass = await SchoolClass.findById(classId, { schoolId: 1, organisationPath: 1 }).lean();
  if (!schoolClass) throw new Response("Not Found", { status: 404 });
  assertCanOn(actor, "update", "SchoolClass", { organisationPath: schoolClass.organisationPath.map(String) });
  return requireManagedSchool(actor, String(schoolClass.schoolId));
}

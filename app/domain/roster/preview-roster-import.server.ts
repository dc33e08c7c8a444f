import type { Types } from "mongoose";
import {
  ROSTER_LAYOUT,
  ROSTER_ROW_SCHEMAS,
  type ClassRow,
  type RosterKind,
  type StudentRow,
  type TeacherRow,
} from "#content-schemas/roster";
import { RosterImport } from "#models/roster-import";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import type { OrganisationRef } from "~/domain/people/upsert-user.server";
import type { RosterCells } from "./read-roster-file.server";

export interface PreviewRow {
  kind: RosterKind;
  rowNumber: number;
  cells: Record<string, unknown>;
  values: ClassRow | TeacherRow | StudentRow | null;
  problems: string[];
  action: "create" | "update" | null;
}

export interface RosterSummary {
  rows: number;
  rowsWithProblems: number;
  create: Record<RosterKind, number>;
  update: Record<RosterKind, number>;
}

const keyOf = (row: PreviewRow) => {
  if (!row.values) return undefined;
  return "code" in row.values ? row.values.code.toLowerCase() : row.values.name;
};

function validate(rows: readonly RosterCells[]): PreviewRow[] {
  return rows.map(({ kind, rowNumber, cells }) => {
    const result = ROSTER_ROW_SCHEMAS[kind].safeParse(cells);
    const columns = ROSTER_LAYOUT[kind].columns as Record<string, string>;
    return {
      kind,
      rowNumber,
      cells,
      values: result.success ? result.data : null,
      problems: result.success
        ? []
        : result.error.issues.map((issue) => `${columns[String(issue.path[0])] ?? ""}: ${issue.message}`),
      action: null,
    };
  });
}

function flagDuplicates(rows: PreviewRow[]) {
  const firstByKey = new Map<string, PreviewRow>();
  for (const row of rows) {
    const key = keyOf(row);
    if (!key) continue;
    // Teachers and students share one namespace of codes (they become sign-in names); classes have their own.
    const namespace = `${row.kind === "classes" ? "class" : "person"}:${key}`;
    const first = firstByKey.get(namespace);
    if (first) {
      const what = row.kind === "classes" ? "Tên lớp" : "Mã";
      row.problems.push(
        `${what} ${key.toUpperCase()} trùng với dòng ${first.rowNumber} (trang ${ROSTER_LAYOUT[first.kind].sheet}).`,
      );
    } else {
      firstByKey.set(namespace, row);
    }
  }
}

/**
 * Checks an uploaded roster against itself and the database without writing any person or class:
 * every row gets its problems (invalid cell, duplicate code, unknown class or teacher, code used by
 * another school) and what applying it would do. The result is stored for the confirmation step.
 */
export async function previewRosterImport(props: {
  school: OrganisationRef;
  schoolYear: string;
  fileName: string;
  rows: readonly RosterCells[];
  createdBy: string;
}): Promise<{ importId: Types.ObjectId; rows: PreviewRow[]; summary: RosterSummary }> {
  const rows = validate(props.rows);
  flagDuplicates(rows);

  const personCodes = rows.filter((row) => row.kind !== "classes" && row.values).map((row) => keyOf(row)!);
  const [people, classes] = await Promise.all([
    User.find({ username: { $in: personCodes } }, { username: 1, organisationId: 1, roles: 1 }).lean(),
    SchoolClass.find({ schoolId: props.school.id, schoolYear: props.schoolYear }, { name: 1 }).lean(),
  ]);
  const personByCode = new Map(people.map((person) => [person.username, person]));
  const classNames = new Set([
    ...classes.map((schoolClass) => schoolClass.name),
    ...rows.filter((row) => row.kind === "classes" && row.values && row.problems.length === 0).map((row) => keyOf(row)!),
  ]);
  const teacherCodes = new Set(
    rows.filter((row) => row.kind === "teachers" && row.values && row.problems.length === 0).map((row) => keyOf(row)!),
  );
  const schoolTeachers = await User.find({ organisationId: props.school.id, "roles.role": "teacher" }, { username: 1 }).lean();
  for (const teacher of schoolTeachers) teacherCodes.add(teacher.username);

  for (const row of rows) {
    if (!row.values) continue;
    if (row.kind === "classes") {
      const values = row.values as ClassRow;
      if (values.homeroomTeacherCode && !teacherCodes.has(values.homeroomTeacherCode.toLowerCase())) {
        row.problems.push(`Không có giáo viên mã ${values.homeroomTeacherCode} trong tệp hay trong trường.`);
      }
      row.action = classes.some((schoolClass) => schoolClass.name === values.name) ? "update" : "create";
      continue;
    }
    const person = personByCode.get(keyOf(row)!);
    if (person && !person.organisationId.equals(props.school.id)) {
      row.problems.push(`Mã ${(row.values as TeacherRow).code} đã được dùng cho một người ở đơn vị khác.`);
    }
    if (row.kind === "students") {
      const values = row.values as StudentRow;
      if (!classNames.has(values.className))
        row.problems.push(`Không có lớp ${values.className} trong năm học ${props.schoolYear}.`);
    }
    row.action = person ? "update" : "create";
  }

  const empty = () => ({ classes: 0, teachers: 0, students: 0 });
  const summary: RosterSummary = { rows: rows.length, rowsWithProblems: 0, create: empty(), update: empty() };
  for (const row of rows) {
    if (row.problems.length > 0) summary.rowsWithProblems += 1;
    else if (row.action) summary[row.action][row.kind] += 1;
  }

  const saved = await RosterImport.create({
    schoolId: props.school.id,
    organisationPath: props.school.path,
    schoolYear: props.schoolYear,
    fileName: props.fileName,
    createdBy: props.createdBy,
    rows,
    summary,
    expiresAt: new Date(Date.now() + 24 * 60 * 60_000),
  });
  return { importId: saved._id, rows, summary };
}

import ExcelJS from "exceljs";
import { ROSTER_LAYOUT } from "#content-schemas/roster";

export interface RosterFixture {
  classes: (string | number)[][];
  teachers: (string | number)[][];
  students: (string | number | Date)[][];
}

/** A 40-student roster for two classes; `mistakes` adds a duplicate code, a missing class and an impossible date. */
export function fortyStudentRoster({ mistakes }: { mistakes: boolean }): RosterFixture {
  const students = Array.from({ length: 40 }, (_, index) => {
    const number = String(index + 1).padStart(4, "0");
    return [
      `HS${number}`,
      `Học sinh Số ${index + 1}`,
      `${(index % 28) + 1}/0${(index % 9) + 1}/2014`,
      index < 20 ? "6A1" : "6A2",
    ];
  });
  if (mistakes) {
    students[9]![0] = "HS0005"; // duplicate of row 6
    students[14]![3] = "6A9"; // no such class
    students[29]![2] = "31/02/2014"; // no such date
  }
  return {
    classes: [
      ["6A1", 6, "GV0101"],
      ["6A2", 6, "GV0102"],
    ],
    teachers: [
      ["GV0101", "Nguyễn Thị Lan", "lan.nguyen@example.edu.vn", "12/03/1985"],
      ["GV0102", "Trần Văn Hùng", "", ""],
    ],
    students,
  };
}

export async function rosterWorkbook(fixture: RosterFixture): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const kind of ["classes", "teachers", "students"] as const) {
    const sheet = workbook.addWorksheet(ROSTER_LAYOUT[kind].sheet);
    sheet.addRow(Object.values(ROSTER_LAYOUT[kind].columns));
    for (const row of fixture[kind]) sheet.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

import ExcelJS from "exceljs";
import { ROSTER_KINDS, ROSTER_LAYOUT } from "#content-schemas/roster";
import type { InitialPassword } from "./apply-roster-import.server";

const EXAMPLES = {
  classes: [
    ["6A1", 6, "GV0001"],
    ["6A2", 6, ""],
  ],
  teachers: [["GV0001", "Nguyễn Thị Lan", "lan.nguyen@truong.edu.vn", "12/03/1985"]],
  students: [
    ["HS0001", "Trần Minh Anh", "05/09/2014", "6A1"],
    ["HS0002", "Lê Bảo Ngọc", "21/11/2014", "6A2"],
  ],
};

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDBEAFE" } };

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The Vietnamese template: one sheet per kind, headings in row 1, two example rows to overwrite. */
export async function rosterTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kho Học Liệu";
  for (const kind of ROSTER_KINDS) {
    const layout = ROSTER_LAYOUT[kind];
    const sheet = workbook.addWorksheet(layout.sheet);
    sheet.columns = Object.values(layout.columns).map((heading) => ({
      header: heading,
      width: Math.max(16, heading.length + 6),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).fill = HEADER_FILL;
    for (const example of EXAMPLES[kind]) sheet.addRow(example);
    // Dates and codes stay text, so Excel does not turn 05/09/2014 into a US date or drop leading zeros.
    sheet.columns.forEach((column) => {
      column.numFmt = "@";
    });
  }
  return toBuffer(workbook);
}

/** The printable list of first passwords for the accounts an import created. */
export async function passwordSheet(passwords: readonly InitialPassword[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Mật khẩu ban đầu");
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow(["Mỗi người đổi mật khẩu ở lần đăng nhập đầu tiên. Cắt theo dòng và trao tận tay; không gửi qua mạng xã hội."]);
  const header = sheet.addRow(["Loại", "Mã", "Họ và tên", "Lớp", "Tên đăng nhập", "Mật khẩu ban đầu"]);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  for (const entry of passwords) {
    sheet.addRow([
      entry.kind === "teachers" ? "Giáo viên" : "Học sinh",
      entry.code,
      entry.fullName,
      entry.className ?? "",
      entry.username,
      entry.password,
    ]);
  }
  sheet.columns.forEach((column, index) => {
    column.width = [12, 14, 28, 8, 18, 18][index];
  });
  sheet.getColumn(6).font = { name: "Courier New", size: 12 };
  return toBuffer(workbook);
}

import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { ROSTER_KINDS, ROSTER_LAYOUT, ROSTER_MAX_ROWS, type RosterKind } from "#content-schemas/roster";

export interface RosterCells {
  kind: RosterKind;
  rowNumber: number;
  cells: Record<string, unknown>;
}

export class RosterFileError extends Error {
  override name = "RosterFileError";
}

/** Lower-case, no diacritics, single spaces: "Mã  Học sinh" and "ma hoc sinh" are the same heading. */
const normalise = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/đ/gi, "d")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    return undefined;
  }
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

/** Which kind a sheet holds: by its name, else by its headings (CSV files have no sheet names). */
function kindOf(sheet: ExcelJS.Worksheet): RosterKind | undefined {
  const byName = ROSTER_KINDS.find((kind) => normalise(ROSTER_LAYOUT[kind].sheet) === normalise(sheet.name));
  if (byName) return byName;
  const headings = new Set(headingsOf(sheet).map(normalise));
  return ROSTER_KINDS.find((kind) =>
    Object.values(ROSTER_LAYOUT[kind].columns).every((heading, index) => index > 1 || headings.has(normalise(heading))),
  );
}

function headingsOf(sheet: ExcelJS.Worksheet): string[] {
  const headings: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    headings[column] = String(cellValue(cell.value) ?? "");
  });
  return headings;
}

function readSheet(sheet: ExcelJS.Worksheet, kind: RosterKind): RosterCells[] {
  const columns = ROSTER_LAYOUT[kind].columns as Record<string, string>;
  const headings = headingsOf(sheet).map((heading) => normalise(heading ?? ""));
  const columnOf = Object.fromEntries(
    Object.entries(columns).map(([field, heading]) => [field, headings.indexOf(normalise(heading))]),
  );
  const missing = Object.entries(columnOf).filter(
    ([field, column]) => column < 0 && field !== "email" && field !== "dateOfBirth" && field !== "homeroomTeacherCode",
  );
  if (missing.length > 0) {
    const names = missing.map(([field]) => `"${columns[field]}"`).join(", ");
    throw new RosterFileError(`Trang "${sheet.name}" thiếu cột ${names}. Hãy dùng tệp mẫu.`);
  }
  const rows: RosterCells[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(columnOf)) {
      if (column > 0) cells[field] = cellValue(row.getCell(column).value);
    }
    if (Object.values(cells).some((value) => value !== undefined)) rows.push({ kind, rowNumber, cells });
  });
  return rows;
}

/** Reads a roster workbook (.xlsx, one sheet per kind) or one .csv file (kind told by its headings). */
export async function readRosterFile(fileName: string, bytes: Uint8Array): Promise<RosterCells[]> {
  const workbook = new ExcelJS.Workbook();
  let sheets: ExcelJS.Worksheet[];
  try {
    if (/\.csv$/i.test(fileName)) {
      const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
      sheets = [
        await workbook.csv.read(Readable.from([text]), {
          parserOptions: { delimiter: text.includes(";") && !text.includes(",") ? ";" : "," },
        }),
      ];
    } else if (/\.xlsx$/i.test(fileName)) {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
      sheets = workbook.worksheets;
    } else {
      throw new RosterFileError("Chỉ nhận tệp .xlsx hoặc .csv.");
    }
  } catch (error) {
    if (error instanceof RosterFileError) throw error;
    throw new RosterFileError("Không đọc được tệp: tệp hỏng hoặc không đúng định dạng .xlsx/.csv.");
  }
  const rows = sheets.flatMap((sheet) => {
    const kind = kindOf(sheet);
    return kind ? readSheet(sheet, kind) : [];
  });
  if (rows.length === 0) throw new RosterFileError("Tệp không có dòng dữ liệu nào trong các trang Lớp, Giáo viên, Học sinh.");
  if (rows.length > ROSTER_MAX_ROWS)
    throw new RosterFileError(`Tệp có ${rows.length} dòng; mỗi lần nhập tối đa ${ROSTER_MAX_ROWS} dòng.`);
  return rows;
}

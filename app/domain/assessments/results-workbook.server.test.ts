import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  classResultsWorkbook,
  gradebookColumnLabel,
  type ClassResultRow,
  type ClassResultsSheetInput,
} from "./results-workbook.server";

const HEADER_ROW = 7;

function rowOf(fullName: string, overrides: Partial<ClassResultRow> = {}): ClassResultRow {
  return {
    studentCode: `hs.${fullName}`,
    fullName,
    className: "12A1",
    score: 8,
    status: "graded",
    submittedAt: new Date("2026-10-15T02:30:00Z"),
    versionCode: 101,
    durationSeconds: 2700,
    ...overrides,
  };
}

function inputOf(overrides: Partial<ClassResultsSheetInput> = {}): ClassResultsSheetInput {
  return {
    schoolName: "Trường THPT Chu Văn An",
    className: "12A1",
    schoolYear: "2026-2027",
    title: "Kiểm tra giữa học kỳ I",
    subjectName: "Toán",
    purpose: "mid_term",
    maxScore: 10,
    rounding: "0.25",
    rows: [rowOf("Trần Văn An")],
    ...overrides,
  };
}

async function load(input: ClassResultsSheetInput): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await classResultsWorkbook(input)) as unknown as ExcelJS.Buffer);
  return workbook;
}

async function resultsSheet(input: ClassResultsSheetInput): Promise<ExcelJS.Worksheet> {
  const sheet = (await load(input)).getWorksheet("Kết quả");
  if (!sheet) throw new Error("no sheet Kết quả");
  return sheet;
}

/** The data rows under the table header, as cells by column heading. */
function dataRows(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const headings = (sheet.getRow(HEADER_ROW).values as unknown[]).slice(1) as string[];
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let number = HEADER_ROW + 1; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    rows.push(Object.fromEntries(headings.map((heading, index) => [heading, row.getCell(index + 1)])));
  }
  return rows;
}

describe("classResultsWorkbook › Kết quả", () => {
  it("heads the sheet with the school, class and year, test, subject and gradebook column, then the table headings", async () => {
    const sheet = await resultsSheet(inputOf());
    const lines = [1, 2, 3, 4, 5, 6].map((number) => sheet.getCell(number, 1).value);
    expect(lines).toEqual([
      "Trường THPT Chu Văn An",
      "Lớp 12A1 – năm học 2026-2027",
      "Kiểm tra giữa học kỳ I",
      "Môn: Toán",
      "Cột điểm: Giữa kỳ",
      "Thang điểm 10, làm tròn đến 0,25",
    ]);
    expect((sheet.getRow(HEADER_ROW).values as unknown[]).slice(1)).toEqual([
      "STT",
      "Mã học sinh",
      "Họ và tên",
      "Lớp",
      "Điểm",
      "Thời gian nộp",
      "Mã đề",
      "Trạng thái",
      "Thời gian làm bài (phút)",
    ]);
    expect(sheet.getRow(HEADER_ROW).font?.bold).toBe(true);
  });

  it("names a practice test's column as outside the gradebook", async () => {
    const sheet = await resultsSheet(inputOf({ purpose: "practice", rounding: "none" }));
    expect(sheet.getCell(5, 1).value).toBe("Cột điểm: Luyện tập (không vào sổ điểm)");
    expect(sheet.getCell(6, 1).value).toBe("Thang điểm 10, không làm tròn");
  });

  it("freezes the rows down to the table header, filters the table and sizes the columns", async () => {
    const sheet = await resultsSheet(inputOf({ rows: [rowOf("Trần Văn An"), rowOf("Nguyễn Thị Bình")] }));
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: HEADER_ROW });
    expect(sheet.autoFilter).toBe(`A${HEADER_ROW}:I${HEADER_ROW + 2}`);
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(24);
  });

  it("lists students as a class list does: by given name in Vietnamese letter order, then by full name", async () => {
    const names = ["Nguyễn Thị Bình", "Lê Văn Đức", "Trần Văn An", "Hoàng Minh Ân", "Phạm Văn Dũng", "Vũ Thị Anh", "Lê Thị An"];
    const sheet = await resultsSheet(inputOf({ rows: names.map((name) => rowOf(name)) }));
    const rows = dataRows(sheet);
    // In Vietnamese, Ă/Â and Đ are letters of their own (A < Ă < Â, D < Đ), unlike the default collation.
    expect(rows.map((row) => row["Họ và tên"]!.value)).toEqual([
      "Lê Thị An",
      "Trần Văn An",
      "Vũ Thị Anh",
      "Hoàng Minh Ân",
      "Nguyễn Thị Bình",
      "Phạm Văn Dũng",
      "Lê Văn Đức",
    ]);
    expect(rows.map((row) => row["STT"]!.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[1]!["Mã học sinh"]!.value).toBe("hs.Trần Văn An");
  });

  it("writes scores as numbers showing their own decimals, and nothing when there is no score", async () => {
    const sheet = await resultsSheet(
      inputOf({
        rows: [
          rowOf("Trần Văn An", { score: 8.25 }),
          rowOf("Nguyễn Thị Bình", { score: 7.5 }),
          rowOf("Lê Văn Cường", { score: 9 }),
          rowOf("Phạm Văn Dũng", { score: null, status: "waiting_for_grading" }),
          rowOf("Lê Thị Hà", { score: 20 / 3 }),
        ],
      }),
    );
    const scores = dataRows(sheet).map((row) => [row["Điểm"]!.value, row["Điểm"]!.numFmt]);
    expect(scores).toEqual([
      [8.25, "0.00"],
      [7.5, "0.0"],
      [9, "0"],
      [null, undefined],
      [20 / 3, "0.00"],
    ]);
  });

  it("writes the submitted time as a date cell showing the wall clock in Vietnam", async () => {
    const sheet = await resultsSheet(
      inputOf({
        rows: [
          rowOf("Trần Văn An", { submittedAt: new Date("2026-10-15T02:30:00Z") }),
          rowOf("Nguyễn Thị Bình", { submittedAt: new Date("2026-10-15T18:10:00Z") }),
          rowOf("Lê Văn Cường", {
            submittedAt: null,
            score: null,
            status: "not_started",
            versionCode: null,
            durationSeconds: null,
          }),
        ],
      }),
    );
    const [an, binh, cuong] = dataRows(sheet);
    // A date cell reads back as a Date whose UTC fields are what Excel shows.
    expect(an!["Thời gian nộp"]!.value).toEqual(new Date("2026-10-15T09:30:00Z"));
    expect(binh!["Thời gian nộp"]!.value).toEqual(new Date("2026-10-16T01:10:00Z"));
    expect(an!["Thời gian nộp"]!.numFmt).toBe("dd/mm/yyyy hh:mm");
    expect(cuong!["Thời gian nộp"]!.value).toBeNull();
    expect(cuong!["Mã đề"]!.value).toBeNull();
    expect(cuong!["Thời gian làm bài (phút)"]!.value).toBeNull();
  });

  it("writes the version code and the time taken in minutes", async () => {
    const sheet = await resultsSheet(inputOf({ rows: [rowOf("Trần Văn An", { versionCode: 204, durationSeconds: 2730 })] }));
    const [an] = dataRows(sheet);
    expect(an!["Mã đề"]!.value).toBe(204);
    expect(an!["Thời gian làm bài (phút)"]!.value).toBe(45.5);
  });

  it("translates every status", async () => {
    const statuses = [
      ["Nguyễn Văn A", "not_started", "Chưa làm"],
      ["Nguyễn Văn B", "in_progress", "Đang làm"],
      ["Nguyễn Văn C", "submitted", "Đã nộp"],
      ["Nguyễn Văn D", "auto_submitted", "Hết giờ – tự nộp"],
      ["Nguyễn Văn E", "graded", "Đã chấm"],
      ["Nguyễn Văn G", "waiting_for_grading", "Chờ chấm tự luận"],
    ] as const;
    const sheet = await resultsSheet(inputOf({ rows: statuses.map(([name, status]) => rowOf(name, { status })) }));
    expect(dataRows(sheet).map((row) => row["Trạng thái"]!.value)).toEqual(statuses.map(([, , label]) => label));
  });
});

describe("classResultsWorkbook › Phân tích câu hỏi", () => {
  it("is left out without an item analysis", async () => {
    const workbook = await load(inputOf());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Kết quả"]);
  });

  it("lists the items by number with p, D and the flags in Vietnamese", async () => {
    const workbook = await load(
      inputOf({
        items: [
          { number: 2, key: "b", facility: 0.95, discrimination: -0.1, flags: ["too_easy", "negative_discrimination"] },
          { number: 1, key: "a", facility: 0.55, discrimination: 0.42, flags: [] },
          {
            number: 3,
            key: "c",
            facility: 0.1,
            discrimination: null,
            flags: ["too_hard", "low_discrimination", "distractor_unused", "distractor_attracts_strong"],
          },
        ],
      }),
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Kết quả", "Phân tích câu hỏi"]);
    const sheet = workbook.getWorksheet("Phân tích câu hỏi")!;
    const values = [1, 2, 3, 4].map((number) => [1, 2, 3, 4].map((column) => sheet.getCell(number, column).value));
    expect(values).toEqual([
      ["Câu", "Độ khó p", "Độ phân biệt D", "Cần xem lại"],
      [1, 0.55, 0.42, null],
      [2, 0.95, -0.1, "Quá dễ; Phân biệt âm"],
      [3, 0.1, null, "Quá khó; Phân biệt kém; Phương án nhiễu không ai chọn; Phương án nhiễu thu hút học sinh giỏi"],
    ]);
    expect(sheet.getCell(2, 2).numFmt).toBe("0.00");
  });
});

describe("gradebookColumnLabel", () => {
  it("names the gradebook column of each purpose", () => {
    expect(gradebookColumnLabel("regular")).toBe("Đánh giá thường xuyên");
    expect(gradebookColumnLabel("mid_term")).toBe("Giữa kỳ");
    expect(gradebookColumnLabel("end_term")).toBe("Cuối kỳ");
    expect(gradebookColumnLabel("practice")).toBe("Luyện tập (không vào sổ điểm)");
  });
});

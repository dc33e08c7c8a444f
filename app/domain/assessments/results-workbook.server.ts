import ExcelJS from "exceljs";
import type { AssessmentPurpose, AttemptStatus, RoundingPolicy } from "#content-schemas/assessments";
import { formatNumber } from "~/i18n/format";
import type { ItemFlag } from "./item-analysis";

/** Where a student stands on the test: an attempt's status, or none yet, or submitted with essays still to mark. */
export type ClassResultStatus = "not_started" | AttemptStatus | "waiting_for_grading";

export interface ClassResultRow {
  /** Mã học sinh: the student's username / code. */
  studentCode: string;
  fullName: string;
  className: string;
  /** The rounded score that goes into the gradebook; null when not submitted or essays wait for marks. */
  score: number | null;
  status: ClassResultStatus;
  submittedAt: Date | null;
  versionCode: number | null;
  durationSeconds: number | null;
}

export interface ClassResultItem {
  number: number;
  key: string;
  facility: number | null;
  discrimination: number | null;
  flags: readonly ItemFlag[];
}

export interface ClassResultsSheetInput {
  schoolName: string;
  className: string;
  schoolYear: string;
  title: string;
  subjectName: string;
  purpose: AssessmentPurpose;
  maxScore: number;
  rounding: RoundingPolicy;
  rows: readonly ClassResultRow[];
  /** The item analysis; adds the sheet "Phân tích câu hỏi" when given. */
  items?: readonly ClassResultItem[];
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDBEAFE" } };

const GRADEBOOK_COLUMNS: Record<AssessmentPurpose, string> = {
  regular: "Đánh giá thường xuyên",
  mid_term: "Giữa kỳ",
  end_term: "Cuối kỳ",
  practice: "Luyện tập (không vào sổ điểm)",
};

const ROUNDING_LABELS: Record<RoundingPolicy, string> = {
  none: "không làm tròn",
  "0.1": "làm tròn đến 0,1",
  "0.25": "làm tròn đến 0,25",
};

export const ATTEMPT_STATUS_LABELS: Record<ClassResultStatus, string> = {
  not_started: "Chưa làm",
  in_progress: "Đang làm",
  submitted: "Đã nộp",
  auto_submitted: "Hết giờ – tự nộp",
  graded: "Đã chấm",
  waiting_for_grading: "Chờ chấm tự luận",
};

const FLAG_LABELS: Record<ItemFlag, string> = {
  too_easy: "Quá dễ",
  too_hard: "Quá khó",
  low_discrimination: "Phân biệt kém",
  negative_discrimination: "Phân biệt âm",
  distractor_unused: "Phương án nhiễu không ai chọn",
  distractor_attracts_strong: "Phương án nhiễu thu hút học sinh giỏi",
};

const RESULT_COLUMNS = [
  { header: "STT", width: 6 },
  { header: "Mã học sinh", width: 14 },
  { header: "Họ và tên", width: 28 },
  { header: "Lớp", width: 8 },
  { header: "Điểm", width: 8 },
  { header: "Thời gian nộp", width: 18 },
  { header: "Mã đề", width: 8 },
  { header: "Trạng thái", width: 20 },
  { header: "Thời gian làm bài (phút)", width: 14 },
] as const;

const ITEM_COLUMNS = [
  { header: "Câu", width: 8 },
  { header: "Độ khó p", width: 12 },
  { header: "Độ phân biệt D", width: 16 },
  { header: "Cần xem lại", width: 60 },
] as const;

/** Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The gradebook column (cột điểm, Circular 22/2021) a test of this purpose feeds. */
export function gradebookColumnLabel(purpose: AssessmentPurpose): string {
  return GRADEBOOK_COLUMNS[purpose];
}

/** Class lists go by given name (the last word of a Vietnamese name), then the whole name, in Vietnamese letter order. */
function byClassListOrder(a: ClassResultRow, b: ClassResultRow): number {
  const givenName = (fullName: string) => fullName.trim().split(/\s+/).at(-1) ?? "";
  return (
    givenName(a.fullName).localeCompare(givenName(b.fullName), "vi") ||
    a.fullName.localeCompare(b.fullName, "vi") ||
    a.studentCode.localeCompare(b.studentCode, "vi", { numeric: true })
  );
}

/**
 * Shows as many decimals as the score has, up to two (8, 7.5, 8.25, 7.33 for an unrounded 7.333…): "0.##" would
 * leave a bare decimal point after whole marks ("8."), which teachers would copy into the gradebook.
 */
function scoreFormat(score: number): string {
  const hundredths = Math.round(score * 100);
  if (hundredths % 100 === 0) return "0";
  return hundredths % 10 === 0 ? "0.0" : "0.00";
}

/**
 * exceljs turns a Date into a serial from its UTC time, and a serial has no zone: Excel shows it as the wall clock.
 * Shifting by the Vietnam offset makes the cell show the time the student submitted as a teacher in Vietnam reads
 * it, whatever zone the server runs in.
 */
function vietnamWallClock(date: Date): Date {
  return new Date(date.getTime() + VIETNAM_OFFSET_MS);
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.fill = HEADER_FILL;
  row.alignment = { vertical: "middle", wrapText: true };
}

function addResultsSheet(workbook: ExcelJS.Workbook, input: ClassResultsSheetInput) {
  const sheet = workbook.addWorksheet("Kết quả");
  sheet.addRow([input.schoolName]).font = { bold: true, size: 13 };
  sheet.addRow([`Lớp ${input.className} – năm học ${input.schoolYear}`]);
  sheet.addRow([input.title]).font = { bold: true, size: 12 };
  sheet.addRow([`Môn: ${input.subjectName}`]);
  sheet.addRow([`Cột điểm: ${gradebookColumnLabel(input.purpose)}`]);
  sheet.addRow([`Thang điểm ${formatNumber(input.maxScore, "vi")}, ${ROUNDING_LABELS[input.rounding]}`]);

  const header = sheet.addRow(RESULT_COLUMNS.map((column) => column.header));
  styleHeader(header);

  [...input.rows].sort(byClassListOrder).forEach((result, index) => {
    const row = sheet.addRow([
      index + 1,
      result.studentCode,
      result.fullName,
      result.className,
      result.score,
      result.submittedAt && vietnamWallClock(result.submittedAt),
      result.versionCode,
      ATTEMPT_STATUS_LABELS[result.status],
      result.durationSeconds === null ? null : result.durationSeconds / 60,
    ]);
    // Codes stay text if a teacher retypes one, so Excel keeps leading zeros.
    row.getCell(2).numFmt = "@";
    if (result.score !== null) row.getCell(5).numFmt = scoreFormat(result.score);
    row.getCell(6).numFmt = "dd/mm/yyyy hh:mm";
    row.getCell(9).numFmt = "0";
  });

  RESULT_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });
  sheet.views = [{ state: "frozen", ySplit: header.number }];
  sheet.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number + input.rows.length, column: RESULT_COLUMNS.length },
  };
}

function addItemsSheet(workbook: ExcelJS.Workbook, items: readonly ClassResultItem[]) {
  const sheet = workbook.addWorksheet("Phân tích câu hỏi");
  const header = sheet.addRow(ITEM_COLUMNS.map((column) => column.header));
  styleHeader(header);
  for (const item of [...items].sort((a, b) => a.number - b.number)) {
    const row = sheet.addRow([
      item.number,
      item.facility,
      item.discrimination,
      item.flags.length ? item.flags.map((flag) => FLAG_LABELS[flag]).join("; ") : null,
    ]);
    row.getCell(2).numFmt = "0.00";
    row.getCell(3).numFmt = "0.00";
  }
  ITEM_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });
  sheet.views = [{ state: "frozen", ySplit: header.number }];
  sheet.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number + items.length, column: ITEM_COLUMNS.length },
  };
}

/**
 * One class's results of one test, laid out for copying into the e-gradebook (sổ điểm điện tử): the students in
 * class-list order with their rounded score, and the item analysis on a second sheet when given.
 */
export async function classResultsWorkbook(input: ClassResultsSheetInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kho Học Liệu";
  addResultsSheet(workbook, input);
  if (input.items) addItemsSheet(workbook, input.items);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

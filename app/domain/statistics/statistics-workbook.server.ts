import ExcelJS from "exceljs";
import type { RepositoryStatistics } from "#content-schemas/statistics";
import { vi } from "~/i18n/locales/vi";

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDBEAFE" } };
const labels = vi.statistics;

function addTable(
  sheet: ExcelJS.Worksheet,
  title: string,
  headings: readonly string[],
  rows: readonly (string | number | null)[][],
) {
  sheet.addRow([title]).font = { bold: true, size: 12 };
  const header = sheet.addRow([...headings]);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  for (const row of rows) sheet.addRow(row.map((cell) => cell ?? labels.noValue));
  sheet.addRow([]);
}

/** The same figures as the statistics page, one sheet per part, in Vietnamese: the file a school attaches to its self-assessment. */
export async function statisticsWorkbook(statistics: RepositoryStatistics): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kho Học Liệu";
  const { from, to } = statistics.period;
  const period =
    from && to ? `${from} – ${to}` : from ? `${labels.from} ${from}` : to ? `${labels.to} ${to}` : labels.reviews.periodAll;

  const items = workbook.addWorksheet(labels.items.title);
  items.addRow([`${labels.title} — ${statistics.organisation.name} (${statistics.organisation.code})`]).font = {
    bold: true,
    size: 13,
  };
  items.addRow([labels.generatedAt.replace("{{time}}", statistics.generatedAt)]);
  items.addRow([]);
  addTable(
    items,
    labels.summary.label,
    [labels.reuse.figure, labels.reuse.value],
    [
      [labels.summary.items, statistics.items.total],
      [labels.summary.published, statistics.items.published],
      [labels.summary.contributors, statistics.contributors.total],
      [labels.summary.reviews, statistics.reviews.total],
    ],
  );
  const countRows = <Row extends { count: number }>(rows: readonly Row[], label: (row: Row) => string) =>
    rows.map((row) => [label(row), row.count]);
  addTable(
    items,
    labels.items.byKind,
    [labels.items.kind, labels.items.count],
    countRows(statistics.items.byKind, (row) => vi.materials.kinds[row.kind]),
  );
  addTable(
    items,
    labels.items.bySubject,
    [labels.items.subject, labels.items.count],
    countRows(statistics.items.bySubject, (row) => row.name),
  );
  addTable(
    items,
    labels.items.byStatus,
    [labels.items.status, labels.items.count],
    countRows(statistics.items.byStatus, (row) => vi.materials.statuses[row.status]),
  );
  addTable(
    items,
    labels.items.byScope,
    [labels.items.scope, labels.items.count],
    countRows(statistics.items.byScope, (row) => vi.review.scopes[row.scope]),
  );

  const people = workbook.addWorksheet(labels.contributors.title);
  addTable(
    people,
    labels.contributors.total.replace("{{count}}", String(statistics.contributors.total)),
    [labels.contributors.name, labels.contributors.items],
    statistics.contributors.top.map((person) => [person.fullName, person.items]),
  );

  const reviews = workbook.addWorksheet(labels.reviews.title);
  const turnaround = new Map(statistics.reviews.turnaround.map((row) => [row.level, row]));
  addTable(
    reviews,
    labels.reviews.caption.replace("{{period}}", period),
    [labels.reviews.level, labels.reviews.approved, labels.reviews.changesRequested, labels.reviews.median, labels.reviews.mean],
    statistics.reviews.byLevel.map((row) => [
      vi.review.levels[row.level],
      row.approved,
      row.changesRequested,
      turnaround.get(row.level)?.medianHours ?? null,
      turnaround.get(row.level)?.meanHours ?? null,
    ]),
  );
  reviews.addRow([labels.reviews.turnaroundHint]);

  const reuse = workbook.addWorksheet(labels.reuse.title);
  addTable(
    reuse,
    labels.reuse.caption,
    [labels.reuse.figure, labels.reuse.value],
    [
      [labels.reuse.views, statistics.reuse.views],
      [labels.reuse.downloads, statistics.reuse.downloads],
      [labels.reuse.classUses, statistics.reuse.classUses],
      [labels.reuse.copies, statistics.reuse.copies],
      [labels.reuse.reachedDistrict, statistics.reuse.reachedScope.district],
      [labels.reuse.reachedProvince, statistics.reuse.reachedScope.province],
      [labels.reuse.reachedNational, statistics.reuse.reachedScope.national],
    ],
  );

  if (statistics.organisation.type !== "school") {
    const schools = workbook.addWorksheet(labels.schools.title);
    addTable(
      schools,
      labels.schools.caption,
      [labels.schools.school, labels.schools.code, labels.schools.items, labels.schools.published, labels.schools.contributors],
      statistics.schools.map((school) => [school.name, school.code, school.items, school.published, school.contributors]),
    );
  }

  for (const sheet of workbook.worksheets) {
    sheet.getColumn(1).width = 44;
    for (const column of [2, 3, 4, 5]) sheet.getColumn(column).width = 18;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { Topic } from "#models/topic";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, importTopics, listTopics, saveTopic, TOPIC_SHEET } from "~/domain/curriculum/topics.server";

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await Topic.init();
});

async function catalogue(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(TOPIC_SHEET.name);
  sheet.addRow([...TOPIC_SHEET.columns]);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("curriculum catalogue", () => {
  it("seeds topics without undoing an administrator's edits", async () => {
    await importTopicList(GDPT_2018_TOPICS, { keepExisting: true });
    const first = (await listTopics("TOAN", 10))[0]!;
    expect(first).toMatchObject({ order: 1, name: "Mệnh đề và tập hợp" });
    expect(first.outcomes.length).toBeGreaterThan(0);
    await saveTopic({ ...first, name: "Mệnh đề và tập hợp (đã sửa)" }, first.id);
    await importTopicList(GDPT_2018_TOPICS, { keepExisting: true });
    expect((await listTopics("TOAN", 10))[0]!.name).toBe("Mệnh đề và tập hợp (đã sửa)");
  });

  it("lets two seeds run at once: each adds what is missing, neither fails on the other's topics", async () => {
    const topics = [901, 902, 903].map((order) => ({
      subjectCode: "TIN_HOC",
      grade: 12,
      order,
      name: `Chủ đề song song ${order}`,
      outcomes: [],
    }));
    await Promise.all([importTopicList(topics, { keepExisting: true }), importTopicList(topics, { keepExisting: true })]);
    expect((await listTopics("TIN_HOC", 12)).filter((topic) => topic.name.startsWith("Chủ đề song song"))).toHaveLength(3);
  });

  it("refuses a topic for a grade the subject is not taught in, or at a taken position", async () => {
    expect(await saveTopic({ subjectCode: "VAT_LI", grade: 6, order: 1, name: "Lực", outcomes: [] })).toEqual({
      ok: false,
      errors: { grade: "Môn VAT_LI không có ở lớp 6." },
    });
    expect(await saveTopic({ subjectCode: "TOAN", grade: 10, order: 2, name: "Trùng vị trí", outcomes: [] })).toEqual({
      ok: false,
      errors: { order: "Vị trí 2 đã có chủ đề khác." },
    });
  });

  it("imports a spreadsheet only when every row is right, one outcome per line", async () => {
    // The seed covers every grade; start Toán 11 empty so the import's effect is all there is to see.
    await Topic.deleteMany({ subjectCode: "TOAN", grade: 11 });
    const wrong = await importTopics(
      await catalogue([
        ["TOAN", 11, 1, "Hàm số lượng giác", "Nhận biết được các hàm số lượng giác."],
        ["VAT_LI", 6, 1, "Lực", ""],
        ["TOAN", 11, 1, "Trùng", ""],
      ]),
    );
    expect(wrong).toEqual({
      ok: false,
      problems: [
        { row: 3, message: "Môn VAT_LI không có ở lớp 6." },
        { row: 4, message: "Trùng môn, lớp và thứ tự với dòng 2." },
      ],
    });
    expect(await listTopics("TOAN", 11)).toEqual([]);

    const right = await importTopics(
      await catalogue([
        [
          "toan",
          11,
          1,
          "Hàm số lượng giác và phương trình lượng giác",
          "- Nhận biết được các hàm số lượng giác.\n- Giải được phương trình lượng giác cơ bản.",
        ],
        ["TOAN", 11, 2, "Dãy số. Cấp số cộng và cấp số nhân", ""],
      ]),
    );
    expect(right).toEqual({ ok: true, saved: 2 });
    const topics = await listTopics("TOAN", 11);
    expect(topics.map((topic) => topic.name)).toEqual([
      "Hàm số lượng giác và phương trình lượng giác",
      "Dãy số. Cấp số cộng và cấp số nhân",
    ]);
    expect(topics[0]!.outcomes).toEqual([
      { text: "Nhận biết được các hàm số lượng giác." },
      { text: "Giải được phương trình lượng giác cơ bản." },
    ]);
  });

  it("explains a file that is not a spreadsheet", async () => {
    expect(await importTopics(new Uint8Array([1, 2, 3]))).toEqual({
      ok: false,
      problems: [{ row: 0, message: "Không đọc được tệp: cần tệp Excel .xlsx theo mẫu." }],
    });
  });
});

import ExcelJS from "exceljs";
import { isValidObjectId, Types } from "mongoose";
import { topicSchema, type Topic } from "#content-schemas/curriculum";
import { Subject } from "#models/subject";
import { Topic as TopicModel } from "#models/topic";
import { connectDatabase, isDuplicateKeyError } from "~/services/db.server";

/**
 * Why an item cannot be filed under this subject, these grades and topics, if it cannot: the subject must be in
 * the catalogue and taught in each grade, and every topic must belong to the subject in one of the grades.
 */
export async function checkClassification(subjectCode: string, grades: readonly number[], topicIds: readonly string[]) {
  const subjectRecord = await Subject.findOne({ code: subjectCode }, { grades: 1 }).lean();
  if (!subjectRecord) return "Môn học không có trong danh mục.";
  const outside = grades.filter((grade) => !subjectRecord.grades.includes(grade));
  if (outside.length > 0) return `Môn này không dạy ở khối ${outside.join(", ")}.`;
  if (topicIds.length === 0) return null;
  const topics = await TopicModel.countDocuments({
    _id: { $in: topicIds.map((id) => new Types.ObjectId(id)) },
    subjectCode,
    grade: { $in: grades },
  });
  return topics === topicIds.length ? null : "Có chủ đề không thuộc môn và khối lớp đã chọn.";
}

export async function listTopics(subjectCode: string, grade: number) {
  await connectDatabase();
  const topics = await TopicModel.find({ subjectCode, grade }).sort({ order: 1 }).lean();
  return topics.map((topic) => ({
    id: String(topic._id),
    subjectCode: topic.subjectCode,
    grade: topic.grade,
    order: topic.order,
    name: topic.name,
    outcomes: topic.outcomes.map((outcome) => ({ code: outcome.code ?? undefined, text: outcome.text })),
  }));
}

export async function getTopic(topicId: string | undefined) {
  if (!topicId || !isValidObjectId(topicId)) return null;
  const topic = await TopicModel.findById(topicId).lean();
  return topic
    ? {
        id: String(topic._id),
        ...topicSchema.parse({ ...topic, outcomes: topic.outcomes.map(({ code, text }) => ({ code: code ?? undefined, text })) }),
      }
    : null;
}

export type SaveTopicResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

/** Creates or updates a topic; the subject must be taught in that grade and the position must be free. */
export async function saveTopic(input: Topic, topicId?: string): Promise<SaveTopicResult> {
  await connectDatabase();
  if (!(await Subject.exists({ code: input.subjectCode, grades: input.grade }))) {
    return { ok: false, errors: { grade: `Môn ${input.subjectCode} không có ở lớp ${input.grade}.` } };
  }
  const clash = await TopicModel.findOne(
    { subjectCode: input.subjectCode, grade: input.grade, order: input.order },
    { _id: 1 },
  ).lean();
  if (clash && String(clash._id) !== topicId) return { ok: false, errors: { order: `Vị trí ${input.order} đã có chủ đề khác.` } };
  if (topicId) {
    const updated = await TopicModel.updateOne({ _id: new Types.ObjectId(topicId) }, { $set: input });
    return updated.matchedCount ? { ok: true, id: topicId } : { ok: false, errors: { form: "Không tìm thấy chủ đề." } };
  }
  return { ok: true, id: String((await TopicModel.create(input))._id) };
}

export async function deleteTopic(topicId: string) {
  await TopicModel.deleteOne({ _id: new Types.ObjectId(topicId) });
}

/** "Yêu cầu cần đạt" cells and textareas hold one outcome per line. */
export const outcomesFromLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/^[-•+*]\s*/, "").trim())
    .filter(Boolean)
    .map((line) => ({ text: line }));

export const TOPIC_SHEET = {
  name: "Chủ đề",
  columns: ["Mã môn", "Lớp", "Thứ tự", "Tên chủ đề", "Yêu cầu cần đạt (mỗi dòng một yêu cầu)"],
} as const;

export type ImportTopicsResult = { ok: true; saved: number } | { ok: false; problems: { row: number; message: string }[] };

/**
 * Imports topics from the catalogue spreadsheet. Every row is checked first; nothing is written
 * while any row is wrong. Rows update the topic at the same subject, grade and position.
 */
export async function importTopics(bytes: Uint8Array): Promise<ImportTopicsResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, problems: [{ row: 0, message: "Không đọc được tệp: cần tệp Excel .xlsx theo mẫu." }] };
  }
  const sheet = workbook.getWorksheet(TOPIC_SHEET.name) ?? workbook.worksheets[0];
  if (!sheet) return { ok: false, problems: [{ row: 0, message: `Không có trang "${TOPIC_SHEET.name}".` }] };
  const subjects = new Map(
    (await Subject.find({}, { code: 1, grades: 1 }).lean()).map((subject) => [subject.code, subject.grades]),
  );
  const topics: Topic[] = [];
  const problems: { row: number; message: string }[] = [];
  const seen = new Map<string, number>();
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cell = (column: number) => {
      const value = row.getCell(column).value;
      return value === null || value === undefined
        ? ""
        : String(typeof value === "object" && "text" in value ? value.text : value).trim();
    };
    const parsed = topicSchema.safeParse({
      subjectCode: cell(1).toUpperCase(),
      grade: cell(2),
      order: cell(3),
      name: cell(4),
      outcomes: outcomesFromLines(cell(5)),
    });
    if (!parsed.success) {
      problems.push({ row: rowNumber, message: parsed.error.issues.map((issue) => issue.message).join(" ") });
      return;
    }
    const topic = parsed.data;
    if (!subjects.get(topic.subjectCode)?.includes(topic.grade)) {
      problems.push({ row: rowNumber, message: `Môn ${topic.subjectCode} không có ở lớp ${topic.grade}.` });
      return;
    }
    const key = `${topic.subjectCode}/${topic.grade}/${topic.order}`;
    const first = seen.get(key);
    if (first) problems.push({ row: rowNumber, message: `Trùng môn, lớp và thứ tự với dòng ${first}.` });
    else seen.set(key, rowNumber);
    topics.push(topic);
  });
  if (problems.length > 0) return { ok: false, problems };
  if (topics.length === 0) return { ok: false, problems: [{ row: 0, message: "Tệp không có dòng chủ đề nào." }] };
  await importTopicList(topics);
  return { ok: true, saved: topics.length };
}

/**
 * Upserts topics by subject, grade and position (safe to repeat). `keepExisting` only adds missing
 * topics, so re-seeding never undoes an administrator's edits.
 */
export async function importTopicList(topics: readonly Topic[], { keepExisting = false } = {}) {
  await connectDatabase();
  const position = (topic: Pick<Topic, "subjectCode" | "grade" | "order">) =>
    `${topic.subjectCode}/${topic.grade}/${topic.order}`;
  if (keepExisting) {
    const existing = await TopicModel.find(
      { $or: topics.map(({ subjectCode, grade, order }) => ({ subjectCode, grade, order })) },
      { subjectCode: 1, grade: 1, order: 1 },
    ).lean();
    const taken = new Set(existing.map(position));
    const missing = topics.filter((topic) => !taken.has(position(topic)));
    // A topic another import added meanwhile (two seeds at once) is kept like any existing one.
    if (missing.length > 0)
      await TopicModel.insertMany(missing, { ordered: false }).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
    return;
  }
  await TopicModel.bulkWrite(
    topics.map((topic) => ({
      updateOne: {
        filter: { subjectCode: topic.subjectCode, grade: topic.grade, order: topic.order },
        update: { $set: topic },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}

export async function topicTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(TOPIC_SHEET.name);
  sheet.columns = TOPIC_SHEET.columns.map((header, index) => ({ header, width: [10, 6, 8, 40, 80][index] }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow([
    "TOAN",
    10,
    1,
    "Mệnh đề và tập hợp",
    "Phát biểu được các mệnh đề toán học.\nXác định được tập con, hợp, giao, hiệu của hai tập hợp.",
  ]);
  sheet.getColumn(5).alignment = { wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

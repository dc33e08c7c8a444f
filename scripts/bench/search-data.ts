// Generated Vietnamese content for `npm run bench:search`: material titles and summaries, lecture bodies, question
// stems and the query mix, all built from the seeded curriculum catalogue (topics and learning outcomes of every
// subject × grade, models/topic.ts) plus a short hand-written list of well-known lessons, so that the words
// searched for are the words teachers type. Seeded, so every run indexes the same text.
import type { LectureDoc } from "#content-schemas/lecture";
import type { MaterialKind } from "#content-schemas/materials";

/** mulberry32: a small seeded generator, so every run builds the same data and the same queries. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(next() * items.length)]!;
  };
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries.at(-1)![0];
  };
  return { next, int, pick, weighted, chance: (probability: number) => next() < probability };
}
export type Random = ReturnType<typeof seededRandom>;

/** One topic of the catalogue as the generators use it. */
export interface CurriculumTopic {
  id: string;
  subjectCode: string;
  subjectName: string;
  grade: number;
  name: string;
  outcomes: string[];
}

/** "Phương trình bậc hai" → "Phuong trinh bac hai": what a teacher types on a keyboard without a Vietnamese input method. */
export const stripDiacritics = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");

/**
 * Well-known lessons (bài học) by subject and grades: real titles of the 2018 programme's textbooks and classic
 * texts, which teachers put in their materials' titles more often than the programme's content strands.
 */
export const LESSONS: readonly { subjectCode: string; grades: readonly number[]; names: readonly string[] }[] = [
  {
    subjectCode: "TOAN",
    grades: [6],
    names: ["Phân số và số thập phân", "Ước chung lớn nhất", "Bội chung nhỏ nhất", "Số nguyên"],
  },
  {
    subjectCode: "TOAN",
    grades: [7],
    names: ["Tỉ lệ thức và dãy tỉ số bằng nhau", "Các trường hợp bằng nhau của tam giác", "Số thực"],
  },
  {
    subjectCode: "TOAN",
    grades: [8],
    names: ["Hằng đẳng thức đáng nhớ", "Định lí Pythagore", "Phân thức đại số", "Hàm số bậc nhất"],
  },
  {
    subjectCode: "TOAN",
    grades: [9],
    names: [
      "Phương trình bậc hai một ẩn",
      "Hệ thức Vi-ét và ứng dụng",
      "Hệ hai phương trình bậc nhất hai ẩn",
      "Căn bậc hai và căn bậc ba",
      "Góc nội tiếp",
      "Tỉ số lượng giác của góc nhọn",
    ],
  },
  {
    subjectCode: "TOAN",
    grades: [10],
    names: [
      "Bất phương trình bậc nhất hai ẩn",
      "Hàm số bậc hai và đồ thị",
      "Dấu của tam thức bậc hai",
      "Hệ thức lượng trong tam giác",
    ],
  },
  {
    subjectCode: "TOAN",
    grades: [11],
    names: [
      "Hàm số lượng giác",
      "Phương trình lượng giác cơ bản",
      "Cấp số cộng và cấp số nhân",
      "Giới hạn của dãy số",
      "Đạo hàm",
    ],
  },
  {
    subjectCode: "TOAN",
    grades: [12],
    names: [
      "Nguyên hàm và tích phân",
      "Khảo sát sự biến thiên và vẽ đồ thị hàm số",
      "Phương trình mặt phẳng",
      "Xác suất có điều kiện",
    ],
  },
  { subjectCode: "NGU_VAN", grades: [6], names: ["Thánh Gióng", "Sơn Tinh, Thủy Tinh", "Bài học đường đời đầu tiên"] },
  { subjectCode: "NGU_VAN", grades: [8], names: ["Lão Hạc", "Trong lòng mẹ", "Tức nước vỡ bờ"] },
  {
    subjectCode: "NGU_VAN",
    grades: [9],
    names: [
      "Truyện Kiều của Nguyễn Du",
      "Chị em Thúy Kiều (trích Truyện Kiều)",
      "Kiều ở lầu Ngưng Bích",
      "Chuyện người con gái Nam Xương",
      "Làng (Kim Lân)",
      "Lặng lẽ Sa Pa",
      "Bếp lửa",
    ],
  },
  { subjectCode: "NGU_VAN", grades: [10], names: ["Trao duyên (trích Truyện Kiều)", "Đọc Tiểu Thanh kí", "Bình Ngô đại cáo"] },
  {
    subjectCode: "NGU_VAN",
    grades: [11],
    names: ["Chí Phèo (Nam Cao)", "Hai đứa trẻ (Thạch Lam)", "Vội vàng (Xuân Diệu)", "Tràng giang"],
  },
  {
    subjectCode: "NGU_VAN",
    grades: [12],
    names: [
      "Vợ chồng A Phủ",
      "Tây Tiến (Quang Dũng)",
      "Việt Bắc (Tố Hữu)",
      "Người lái đò Sông Đà",
      "Vợ nhặt",
      "Tuyên ngôn Độc lập",
    ],
  },
  { subjectCode: "KHTN", grades: [6], names: ["Tế bào – đơn vị cơ sở của sự sống", "Đo chiều dài, khối lượng và thời gian"] },
  { subjectCode: "KHTN", grades: [7], names: ["Nguyên tử và bảng tuần hoàn", "Tốc độ chuyển động", "Quang hợp ở thực vật"] },
  { subjectCode: "KHTN", grades: [8], names: ["Định luật bảo toàn khối lượng", "Áp suất chất lỏng", "Acid – base – muối"] },
  { subjectCode: "KHTN", grades: [9], names: ["Định luật Ôm", "Khúc xạ ánh sáng", "Thấu kính hội tụ", "Di truyền học Mendel"] },
  {
    subjectCode: "VAT_LI",
    grades: [10],
    names: ["Chuyển động thẳng biến đổi đều", "Ba định luật Newton", "Định luật bảo toàn động lượng", "Động năng và thế năng"],
  },
  {
    subjectCode: "VAT_LI",
    grades: [11],
    names: ["Định luật Coulomb", "Định luật Ôm đối với toàn mạch", "Dao động điều hòa", "Sóng dừng", "Điện trường đều"],
  },
  { subjectCode: "VAT_LI", grades: [12], names: ["Định luật Boyle", "Cảm ứng điện từ", "Phóng xạ và phản ứng hạt nhân"] },
  {
    subjectCode: "HOA_HOC",
    grades: [10],
    names: ["Cấu tạo nguyên tử", "Định luật tuần hoàn", "Liên kết hóa học", "Phản ứng oxi hóa – khử"],
  },
  { subjectCode: "HOA_HOC", grades: [11], names: ["Cân bằng hóa học", "Nitrogen và hợp chất", "Alkane", "Alcohol"] },
  { subjectCode: "HOA_HOC", grades: [12], names: ["Ester – lipid", "Carbohydrate", "Polymer", "Pin điện và điện phân"] },
  { subjectCode: "SINH_HOC", grades: [10], names: ["Cấu trúc tế bào", "Nguyên phân và giảm phân"] },
  { subjectCode: "SINH_HOC", grades: [11], names: ["Quang hợp ở thực vật", "Hô hấp ở động vật"] },
  { subjectCode: "SINH_HOC", grades: [12], names: ["Quy luật di truyền của Mendel", "Đột biến gen", "Bằng chứng tiến hóa"] },
  { subjectCode: "LICH_SU", grades: [10], names: ["Văn minh Văn Lang – Âu Lạc", "Văn minh Đại Việt"] },
  { subjectCode: "LICH_SU", grades: [11], names: ["Cách mạng tư sản Pháp", "Chiến thắng Bạch Đằng năm 938"] },
  {
    subjectCode: "LICH_SU",
    grades: [12],
    names: ["Cách mạng tháng Tám năm 1945", "Chiến dịch Điện Biên Phủ", "Công cuộc Đổi mới từ năm 1986"],
  },
  {
    subjectCode: "LS_DL",
    grades: [7, 8, 9],
    names: ["Nhà Trần và kháng chiến chống Mông – Nguyên", "Khởi nghĩa Lam Sơn", "Vùng Tây Nguyên", "Vùng Đồng bằng sông Hồng"],
  },
  { subjectCode: "DIA_LI", grades: [10], names: ["Khí quyển", "Thủy quyển", "Dân số thế giới"] },
  { subjectCode: "DIA_LI", grades: [12], names: ["Vùng Đồng bằng sông Cửu Long", "Biển Đông và các đảo, quần đảo"] },
  { subjectCode: "TIN_HOC", grades: [10], names: ["Ngôn ngữ lập trình Python", "Câu lệnh lặp for và while"] },
  { subjectCode: "TIN_HOC", grades: [11], names: ["Cơ sở dữ liệu quan hệ", "Thuật toán sắp xếp"] },
  { subjectCode: "TIN_HOC", grades: [8, 9], names: ["Bảng tính điện tử", "Thuật toán tìm kiếm"] },
  { subjectCode: "TIENG_ANH", grades: [10, 11, 12], names: ["Unit 1: Family life", "Unit 3: Music", "Present perfect tense"] },
  {
    subjectCode: "GDCD",
    grades: [6, 7, 8, 9],
    names: ["Tôn trọng sự thật", "Sống có lí tưởng", "Phòng chống bạo lực học đường"],
  },
  {
    subjectCode: "TIENG_VIET",
    grades: [2, 3],
    names: ["Sự tích hồ Gươm", "Viết đoạn văn tả cây cối", "Chính tả: phân biệt ch/tr"],
  },
  { subjectCode: "TIENG_VIET", grades: [4, 5], names: ["Văn tả cảnh", "Câu ghép", "Quan hệ từ"] },
];

const FAMILY_NAMES = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
];
const MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Ngọc", "Thanh", "Đức", "Quốc", "Kim", "Bảo", "Xuân"];
const GIVEN_NAMES = [
  ...["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh"],
  ...["Long", "Mai", "Minh", "Nam", "Nga", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Yến"],
];
export const personName = (random: Random) =>
  `${random.pick(FAMILY_NAMES)} ${random.pick(MIDDLE_NAMES)} ${random.pick(GIVEN_NAMES)}`;

/** Namesakes Vietnamese schools are often named after. */
export const SCHOOL_NAMESAKES = [
  ...["Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Quang Trung", "Lý Thường Kiệt", "Trần Hưng Đạo", "Ngô Quyền", "Chu Văn An"],
  ...["Lê Quý Đôn", "Nguyễn Huệ", "Võ Thị Sáu", "Kim Đồng", "Phan Bội Châu", "Hai Bà Trưng", "Tô Hiến Thành"],
  ...["Nguyễn Bỉnh Khiêm", "Hoàng Hoa Thám", "Lương Thế Vinh", "Đinh Tiên Hoàng", "Mạc Đĩnh Chi"],
];

const TITLES: Record<MaterialKind, readonly string[]> = {
  lecture: ["Bài giảng: {L}", "Giáo án điện tử: {L}", "{L} – bài giảng {S} {G}"],
  video: ["Video bài giảng: {L}", "Video: {L} ({S} {G})", "Hướng dẫn giải bài tập: {L}"],
  audio: ["Bài nghe: {L}", "Audio luyện nghe – {L}"],
  document: [
    "Phiếu học tập: {L}",
    "Đề kiểm tra 15 phút – {L}",
    "Đề cương ôn tập {S} {G}: {L}",
    "Bài tập trắc nghiệm {L} có đáp án",
    "Kế hoạch bài dạy: {L}",
  ],
  slides: ["Trình chiếu: {L}", "Slide bài giảng {L} – {S} {G}"],
  ebook: ["Sách tham khảo: {L}", "Tài liệu bồi dưỡng học sinh giỏi: {L}"],
  simulation: ["Mô phỏng tương tác: {L}", "Trò chơi học tập: {L}"],
  image: ["Sơ đồ tư duy: {L}", "Infographic: {L}"],
  link: ["Tài liệu tham khảo trực tuyến: {L}", "Bài học số: {L}"],
};
const SERIES = ["Kết nối tri thức với cuộc sống", "Chân trời sáng tạo", "Cánh Diều"];
const SUMMARY_SENTENCES = [
  "Dành cho học sinh {G}.",
  "Có đáp án và hướng dẫn chấm chi tiết.",
  "Biên soạn theo Chương trình giáo dục phổ thông 2018.",
  "Dùng cho tiết ôn tập cuối chương.",
  "Gồm {N} câu trắc nghiệm và {M} câu tự luận.",
  "Phù hợp dạy học theo nhóm và lớp học đảo ngược.",
  "Kèm phiếu đánh giá năng lực và rubric chấm điểm.",
  "Đã dạy thử ở hai lớp, học sinh hứng thú tham gia.",
];
const FORMULAS: Record<string, readonly string[]> = {
  TOAN: ["ax^2 + bx + c = 0", "\\Delta = b^2 - 4ac", "x_1 + x_2 = -\\frac{b}{a}", "\\sin^2 x + \\cos^2 x = 1"],
  VAT_LI: ["I = \\frac{U}{R}", "F = ma", "W_d = \\frac{1}{2}mv^2", "p = mv"],
  KHTN: ["I = \\frac{U}{R}", "v = \\frac{s}{t}", "p = d \\cdot h"],
  HOA_HOC: ["n = \\frac{m}{M}", "C_M = \\frac{n}{V}"],
};

/** Lessons of a subject and grade, if the hand-written list has some. */
export function lessonsFor(subjectCode: string, grade: number): readonly string[] {
  return LESSONS.filter((entry) => entry.subjectCode === subjectCode && entry.grades.includes(grade)).flatMap(
    (entry) => entry.names,
  );
}

/** The lesson's name as written in a title: a well-known lesson of the topic's subject and grade, or the topic itself. */
export function lessonName(random: Random, topic: CurriculumTopic): string {
  const lessons = lessonsFor(topic.subjectCode, topic.grade);
  return lessons.length > 0 && random.chance(0.45) ? random.pick(lessons) : topic.name;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{([A-Z])\}/g, (_, key: string) => values[key] ?? "");

/** Title, summary and (for a lecture) body of one material about `topic`. */
export function materialText(random: Random, topic: CurriculumTopic, kind: MaterialKind) {
  const lesson = lessonName(random, topic);
  const values = { L: lesson, S: topic.subjectName, G: `lớp ${topic.grade}` };
  let title = fill(random.pick(TITLES[kind]), values);
  if (random.chance(0.3)) title += ` – ${random.pick(SERIES)}`;
  else if (random.chance(0.1)) title += ` (tiết ${random.int(1, 3)})`;
  const sentences: string[] = [];
  if (topic.outcomes.length > 0 && random.chance(0.7)) sentences.push(random.pick(topic.outcomes));
  for (let count = random.int(1, 2); count > 0; count--) {
    sentences.push(
      fill(random.pick(SUMMARY_SENTENCES), { ...values, N: String(random.int(10, 30)), M: String(random.int(1, 4)) }),
    );
  }
  const summary = [...new Set(sentences)].join(" ");
  return { title: title.slice(0, 300), summary, lesson, body: kind === "lecture" ? lectureBody(random, topic, lesson) : null };
}

function lectureBody(random: Random, topic: CurriculumTopic, lesson: string): LectureDoc {
  const text = (value: string) => ({ type: "text" as const, text: value });
  const paragraph = (value: string) => ({ type: "paragraph" as const, content: [text(value)] });
  const heading = (value: string) => ({ type: "heading" as const, attrs: { level: 2 as const }, content: [text(value)] });
  const goals = topic.outcomes.length > 0 ? topic.outcomes : [`Nắm được nội dung chính của bài «${lesson}».`];
  const formulas = FORMULAS[topic.subjectCode];
  const content: LectureDoc["content"] = [
    heading("I. Mục tiêu"),
    ...goals.map(paragraph),
    heading("II. Hoạt động 1: Khởi động"),
    paragraph(`Giáo viên đặt câu hỏi gợi mở về ${topic.name.toLowerCase()} để dẫn vào bài «${lesson}».`),
    heading("III. Hoạt động 2: Hình thành kiến thức"),
    paragraph(`Học sinh làm việc theo nhóm, đọc sách giáo khoa ${topic.subjectName} lớp ${topic.grade} và trình bày kết quả.`),
  ];
  if (formulas) {
    content.push({
      type: "paragraph",
      content: [text("Công thức cần nhớ: "), { type: "inlineMath", attrs: { latex: random.pick(formulas) } }],
    });
  }
  content.push(
    heading("IV. Hoạt động 3: Luyện tập và vận dụng"),
    paragraph("Học sinh làm bài tập trong phiếu học tập, giáo viên nhận xét và chốt kiến thức."),
  );
  return { type: "doc", content };
}

// ---- Questions (stand-in for the question bank of issue #7) -------------------------------------------------

export const QUESTION_LEVELS = [
  ["nhan_biet", "nhận biết"],
  ["thong_hieu", "thông hiểu"],
  ["van_dung", "vận dụng"],
  ["van_dung_cao", "vận dụng cao"],
] as const;
export const QUESTION_FORMATS = [
  ["single_choice", "trắc nghiệm nhiều lựa chọn"],
  ["true_false_group", "trắc nghiệm đúng/sai"],
  ["short_answer", "trả lời ngắn"],
  ["essay", "tự luận"],
] as const;
export type QuestionLevel = (typeof QUESTION_LEVELS)[number][0];
export type QuestionFormat = (typeof QUESTION_FORMATS)[number][0];

/** "Phát biểu được định luật Ohm …; tính được điện trở …" → "Phát biểu định luật Ohm …; tính điện trở …". */
export const imperative = (outcome: string) => outcome.replace(/(^|; )((?:\S+ ){0,4}?\S+) được /gu, "$1$2 ").replace(/\.$/, "");

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const signed = (value: number) => (value < 0 ? `− ${-value}` : `+ ${value}`);

/** A numeric exercise for subjects that have them, else null. */
function numericStem(random: Random, subjectCode: string, lesson: string): { stem: string; answer: string } | null {
  const a = random.int(1, 9);
  const b = random.int(-12, 12);
  const c = random.int(-20, 20);
  switch (subjectCode) {
    case "TOAN":
      return random.pick([
        {
          stem: `Giải phương trình ${a}x² ${signed(b)}x ${signed(c)} = 0.`,
          answer: `Tính Δ = ${b * b - 4 * a * c} rồi áp dụng công thức nghiệm.`,
        },
        { stem: `Cho hàm số y = ${a}x ${signed(b)}. Tính giá trị của y khi x = ${c}.`, answer: `y = ${a * c + b}.` },
        {
          stem: `Tính giá trị của biểu thức A = ${a}² ${signed(b)} · ${Math.abs(c) + 1} (bài «${lesson}»).`,
          answer: `A = ${a * a + b * (Math.abs(c) + 1)}.`,
        },
      ]);
    case "VAT_LI":
    case "KHTN":
      return random.pick([
        {
          stem: `Một vật khối lượng ${a} kg chuyển động với tốc độ ${Math.abs(b) + 1} m/s. Tính động năng của vật.`,
          answer: `Wđ = ½mv² = ${(a * (Math.abs(b) + 1) ** 2) / 2} J.`,
        },
        {
          stem: `Đặt hiệu điện thế ${Math.abs(c) + 2} V vào hai đầu điện trở ${a} Ω. Áp dụng định luật Ôm, tính cường độ dòng điện.`,
          answer: `I = U/R = ${((Math.abs(c) + 2) / a).toFixed(2)} A.`,
        },
      ]);
    case "HOA_HOC":
      return { stem: `Tính số mol của ${a * 4} gam NaOH (M = 40 g/mol).`, answer: `n = m/M = ${(a * 4) / 40} mol.` };
    default:
      return null;
  }
}

/** A question about `topic`: stem, options, solution, as a question bank would store them. */
export function questionText(random: Random, topic: CurriculumTopic, others: readonly string[], format: QuestionFormat) {
  const lesson = lessonName(random, topic);
  const outcome =
    topic.outcomes.length > 0 ? random.pick(topic.outcomes) : `Nêu được nội dung chính của ${lowerFirst(topic.name)}.`;
  const distractors = () => [0, 1, 2].map(() => imperative(random.pick(others)));
  switch (format) {
    case "single_choice": {
      const numeric = random.chance(0.4) ? numericStem(random, topic.subjectCode, lesson) : null;
      if (numeric) {
        const options = [numeric.answer, ...distractors()];
        return { stem: `${numeric.stem} Chọn đáp án đúng.`, options, solution: `Đáp án A. ${numeric.answer}`, lesson, outcome };
      }
      const stem = random.pick([
        `Phát biểu nào sau đây đúng khi nói về ${lowerFirst(lesson)}?`,
        `Trong bài «${lesson}», nội dung nào dưới đây là yêu cầu cần đạt?`,
        `Khi học ${lowerFirst(topic.name)} (${topic.subjectName} lớp ${topic.grade}), học sinh cần làm được điều gì?`,
      ]);
      return {
        stem,
        options: [imperative(outcome), ...distractors()],
        solution: `Đáp án A: ${imperative(outcome)}.`,
        lesson,
        outcome,
      };
    }
    case "true_false_group": {
      const statements = [imperative(outcome), ...distractors()].map((text, index) => `${"abcd"[index]}) ${text}.`);
      return {
        stem: `Cho các nhận định sau về ${lowerFirst(lesson)}. Mỗi nhận định đúng hay sai?`,
        options: statements,
        solution: "a) Đúng; b) Sai; c) Sai; d) Đúng.",
        lesson,
        outcome,
      };
    }
    case "short_answer": {
      const numeric = numericStem(random, topic.subjectCode, lesson);
      if (numeric) return { stem: `${numeric.stem} (Trả lời ngắn.)`, options: [], solution: numeric.answer, lesson, outcome };
      return {
        stem: `${imperative(outcome)}. Trả lời ngắn gọn trong một câu.`,
        options: [],
        solution: `Gợi ý: ${outcome}`,
        lesson,
        outcome,
      };
    }
    case "essay":
      return {
        stem: random.pick([
          `${imperative(outcome)}.`,
          `Trình bày suy nghĩ của em về ${lowerFirst(lesson)}.`,
          `Viết đoạn văn (khoảng 200 chữ) ${random.pick(["phân tích", "làm rõ", "trình bày"])} nội dung «${lesson}».`,
        ]),
        options: [],
        solution: `Hướng dẫn chấm: ${outcome} Bài viết đủ ý, lập luận chặt chẽ: 1,0 điểm.`,
        lesson,
        outcome,
      };
  }
}

// ---- Queries -------------------------------------------------------------------------------------------------

/** A phrase a teacher types, with the curriculum position it came from (for facet filters that make sense). */
export interface QuerySource {
  text: string;
  subjectCode: string;
  grade: number;
  topicId: string;
}

/** Phrases typed often, with their curriculum position found in the catalogue (services.md's examples among them). */
export const FAMOUS_QUERIES = [
  "phương trình bậc hai",
  "định luật ôm",
  "truyện kiều",
  "hàm số lượng giác",
  "định luật bảo toàn",
  "văn bản nghị luận",
  "cách mạng tháng tám",
  "quang hợp",
  "hệ thức vi-ét",
  "phản ứng oxi hóa khử",
];

/** 1–4 consecutive words of a topic or lesson name, lower case, as typed into a search box. */
export function phraseOf(random: Random, name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[«»():;,.!?–-]/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length <= 2) return words.join(" ");
  const length = Math.min(words.length, random.int(2, 4));
  const start = random.int(0, words.length - length);
  return words.slice(start, start + length).join(" ");
}

/** One keyboard slip: a letter left out of a word of ≥ 5 letters ("phuong trnh"), else one letter replaced. */
export function withTypo(random: Random, query: string): string {
  const words = query.split(" ");
  const long = words.map((word, index) => [word, index] as const).filter(([word]) => word.length >= 5);
  if (long.length > 0) {
    const [word, index] = random.pick(long);
    const at = random.int(1, word.length - 2);
    words[index] = word.slice(0, at) + word.slice(at + 1);
    return words.join(" ");
  }
  const medium = words.map((word, index) => [word, index] as const).filter(([word]) => word.length >= 4);
  if (medium.length === 0) return query;
  const [word, index] = random.pick(medium);
  const at = random.int(1, word.length - 2);
  const replacement = word[at] === "a" ? "e" : "a";
  words[index] = word.slice(0, at) + replacement + word.slice(at + 1);
  return words.join(" ");
}

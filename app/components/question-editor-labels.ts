import type { CognitiveLevel, QuestionType } from "#content-schemas/questions";
import type { Licence } from "#content-schemas/materials";
import { lectureEditorLabelsEn, lectureEditorLabelsVi, type LectureEditorLabels } from "./lecture-editor-labels";

/**
 * The words of the question view (question-view.tsx) and the question editor (question-editor.tsx),
 * passed in by the page so neither depends on the locale files: `questionViewLabelsVi` /
 * `questionViewLabelsEn` and `questionEditorLabelsVi` / `questionEditorLabelsEn` are the defaults.
 * Functions build the phrases that carry a number or a letter.
 */
export interface QuestionViewLabels {
  /** "Câu 3": the number of a question on a page. */
  question: (number: number) => string;
  /** Shown when a rich text part cannot be rendered (a document the schema rejects). */
  unreadable: string;
  /** The decimal separator numbers are written with ("," in Vietnamese). */
  decimalSeparator: string;

  correctAnswer: string;
  /** In answer mode, when the author has not chosen the correct answer yet. */
  noCorrectAnswer: string;

  chooseOne: string;
  chooseMany: string;

  trueFalseHint: string;
  statement: string;
  true: string;
  false: string;
  /** "Đ" / "S": the short marks of the answer column. */
  trueShort: string;
  falseShort: string;
  /** "a) Đúng": accessible name of one radio of a statement. */
  statementChoice: (letter: string, choice: string) => string;

  shortAnswer: string;
  shortAnswerNumericHint: string;
  /** "sai số cho phép ±0,5". */
  tolerance: (value: string) => string;
  acceptedAnswers: string;
  caseSensitive: string;
  caseInsensitive: string;

  essayAnswer: string;
  essayPhoto: string;
  rubric: string;
  rubricCriterion: string;
  rubricWeight: string;
  rubricDescription: string;

  matchingHint: string;
  premises: string;
  responses: string;
  /** "Ghép 1 với": accessible name of the select of premise 1. */
  matchWith: (premise: string) => string;
  chooseResponse: string;
  correctPairs: string;

  orderingHint: string;
  /** "Thứ tự của mục B". */
  positionOf: (item: string) => string;
  correctOrder: string;

  clozeHint: string;
  /** "Chỗ trống 2": accessible name of the second box of a cloze stem. */
  gap: (position: number) => string;
  gapAnswers: string;

  scoring: string;
  scoringAllOrNothing: string;
  scoringProportional: string;

  solution: string;
}

export interface QuestionEditorLabels {
  /** Subject names are read from `name` ("vi") or `nameEn` ("en"). */
  locale: "vi" | "en";
  /** The words of the rich text fields (the lecture editor). */
  editor: LectureEditorLabels;
  /** The words of the live preview. */
  view: QuestionViewLabels;

  errorSummary: string;
  loadingEditor: string;
  noScript: string;

  type: string;
  types: Record<QuestionType, string>;
  typeHints: Record<QuestionType, string>;

  stem: string;
  stemClozeHint: string;
  /** "Chèn chỗ trống [[3]]". */
  insertGap: (marker: string) => string;

  answerSection: string;
  moveUp: (item: string) => string;
  moveDown: (item: string) => string;
  remove: (item: string) => string;

  options: string;
  optionsHint: string;
  optionsHintMultiple: string;
  /** "Phương án B". */
  option: (letter: string) => string;
  addOption: string;
  /** Visible text of the radio / checkbox that marks an option correct. */
  correct: string;
  /** "Phương án B là đáp án đúng": its accessible name. */
  markCorrect: (option: string) => string;
  shuffleOptions: string;

  statements: string;
  /** "Ý b)". */
  statementLabel: (letter: string) => string;
  /** "Ý b) là". */
  statementTruth: (statement: string) => string;

  answerKind: string;
  answerNumeric: string;
  answerText: string;
  numericValue: string;
  numericValueHint: string;
  tolerance: string;
  toleranceHint: string;
  acceptedAnswers: string;
  acceptedAnswersHint: string;
  caseSensitive: string;

  rubric: string;
  rubricHint: string;
  /** "Tiêu chí 2". */
  rubricRow: (number: number) => string;
  criterion: string;
  weight: string;
  description: string;
  addRubricRow: string;
  /** "Tổng tỉ trọng: 90%". */
  weightTotal: (total: string) => string;
  weightTotalWrong: string;
  allowPhoto: string;

  pairs: string;
  pairsHint: string;
  /** "Cặp 2". */
  pair: (number: number) => string;
  premise: string;
  response: string;
  addPair: string;
  distractors: string;
  distractorsHint: string;
  /** "Vế nhiễu 1". */
  distractor: (number: number) => string;
  addDistractor: string;

  orderItems: string;
  orderItemsHint: string;
  /** "Mục 3". */
  orderItem: (number: number) => string;
  addOrderItem: string;

  gaps: string;
  noGaps: string;
  /** "Chỗ trống [[2]]". */
  gapLabel: (marker: string) => string;
  /** "[[2]] xuất hiện 2 lần trong đề." */
  gapRepeated: (marker: string) => string;

  scoring: string;

  solution: string;
  solutionHint: string;

  metadata: string;
  subject: string;
  chooseSubject: string;
  grade: string;
  chooseGrade: string;
  /** "Lớp 10". */
  gradeOption: (grade: number) => string;
  topics: string;
  topicsChooseFirst: string;
  topicsLoading: string;
  topicsNone: string;
  outcomes: string;
  outcomesHint: string;
  level: string;
  chooseLevel: string;
  levelScale3: string;
  levelScale4: string;
  levels: Record<CognitiveLevel, string>;
  difficulty: string;
  /** Five names, from 1 (easiest) to 5. */
  difficulties: readonly [string, string, string, string, string];
  tags: string;
  tagsHint: string;
  source: string;
  sourceHint: string;
  licence: string;
  licences: Record<Licence, string>;

  preview: string;
  showAnswers: string;
}

export const questionViewLabelsVi: QuestionViewLabels = {
  question: (number) => `Câu ${number}`,
  unreadable: "Không hiển thị được phần nội dung này.",
  decimalSeparator: ",",

  correctAnswer: "Đáp án đúng",
  noCorrectAnswer: "Chưa chọn đáp án đúng.",

  chooseOne: "Chọn một phương án.",
  chooseMany: "Chọn tất cả các phương án đúng.",

  trueFalseHint: "Với mỗi ý a), b), c), d), chọn Đúng hoặc Sai.",
  statement: "Ý",
  true: "Đúng",
  false: "Sai",
  trueShort: "Đ",
  falseShort: "S",
  statementChoice: (letter, choice) => `${letter}) ${choice}`,

  shortAnswer: "Câu trả lời",
  shortAnswerNumericHint: "Ghi kết quả là một số.",
  tolerance: (value) => `sai số cho phép ±${value}`,
  acceptedAnswers: "Đáp án chấp nhận",
  caseSensitive: "phân biệt chữ hoa, chữ thường",
  caseInsensitive: "không phân biệt chữ hoa, chữ thường",

  essayAnswer: "Bài làm",
  essayPhoto: "Có thể nộp kèm ảnh chụp bài làm trên giấy.",
  rubric: "Tiêu chí chấm",
  rubricCriterion: "Tiêu chí",
  rubricWeight: "Tỉ trọng",
  rubricDescription: "Mô tả",

  matchingHint: "Ghép mỗi ý ở cột trái với một ý ở cột phải.",
  premises: "Cột trái",
  responses: "Cột phải",
  matchWith: (premise) => `Ghép ý ${premise} với`,
  chooseResponse: "— Chọn —",
  correctPairs: "Các cặp ghép đúng",

  orderingHint: "Sắp xếp các mục sau theo thứ tự đúng.",
  positionOf: (item) => `Thứ tự của mục ${item}`,
  correctOrder: "Thứ tự đúng",

  clozeHint: "Điền vào các chỗ trống.",
  gap: (position) => `Chỗ trống ${position}`,
  gapAnswers: "Đáp án các chỗ trống",

  scoring: "Cách chấm",
  scoringAllOrNothing: "Đúng tất cả mới được điểm",
  scoringProportional: "Tính điểm theo tỉ lệ phần đúng",

  solution: "Lời giải",
};

export const questionViewLabelsEn: QuestionViewLabels = {
  question: (number) => `Question ${number}`,
  unreadable: "This part cannot be displayed.",
  decimalSeparator: ".",

  correctAnswer: "Correct answer",
  noCorrectAnswer: "No correct answer chosen yet.",

  chooseOne: "Choose one option.",
  chooseMany: "Choose every correct option.",

  trueFalseHint: "For each statement a), b), c), d), choose True or False.",
  statement: "Statement",
  true: "True",
  false: "False",
  trueShort: "T",
  falseShort: "F",
  statementChoice: (letter, choice) => `${letter}) ${choice}`,

  shortAnswer: "Answer",
  shortAnswerNumericHint: "Write the result as a number.",
  tolerance: (value) => `tolerance ±${value}`,
  acceptedAnswers: "Accepted answers",
  caseSensitive: "case-sensitive",
  caseInsensitive: "not case-sensitive",

  essayAnswer: "Your answer",
  essayPhoto: "You may attach a photo of your work on paper.",
  rubric: "Marking criteria",
  rubricCriterion: "Criterion",
  rubricWeight: "Weight",
  rubricDescription: "Description",

  matchingHint: "Match each item on the left with one item on the right.",
  premises: "Left column",
  responses: "Right column",
  matchWith: (premise) => `Match item ${premise} with`,
  chooseResponse: "— Choose —",
  correctPairs: "Correct pairs",

  orderingHint: "Put the following items in the correct order.",
  positionOf: (item) => `Position of item ${item}`,
  correctOrder: "Correct order",

  clozeHint: "Fill in the blanks.",
  gap: (position) => `Blank ${position}`,
  gapAnswers: "Answers for the blanks",

  scoring: "Scoring",
  scoringAllOrNothing: "Points only when everything is right",
  scoringProportional: "Points in proportion to the parts that are right",

  solution: "Solution",
};

export const questionEditorLabelsVi: QuestionEditorLabels = {
  locale: "vi",
  editor: { ...lectureEditorLabelsVi, toolbar: "Định dạng nội dung", noScript: "Trình soạn thảo cần bật JavaScript." },
  view: questionViewLabelsVi,

  errorSummary: "Câu hỏi chưa lưu được. Hãy sửa các lỗi sau:",
  loadingEditor: "Đang tải trình soạn thảo…",
  noScript: "Trình soạn câu hỏi cần bật JavaScript.",

  type: "Dạng câu hỏi",
  types: {
    single_choice: "Trắc nghiệm nhiều phương án",
    true_false_group: "Đúng/Sai (4 ý)",
    short_answer: "Trả lời ngắn",
    essay: "Tự luận",
    multiple_response: "Nhiều đáp án đúng",
    matching: "Ghép nối",
    ordering: "Sắp xếp thứ tự",
    cloze: "Điền khuyết",
  },
  typeHints: {
    single_choice: "Một đáp án đúng trong các phương án A, B, C, D…",
    true_false_group: "Một đề chung và 4 ý a), b), c), d); học sinh chọn Đúng hoặc Sai cho từng ý.",
    short_answer: "Học sinh ghi một số hoặc một cụm từ ngắn; chấm tự động.",
    essay: "Học sinh viết bài làm; giáo viên chấm theo các tiêu chí.",
    multiple_response: "Có thể có nhiều phương án đúng; học sinh chọn tất cả.",
    matching: "Ghép mỗi ý ở cột trái với một ý ở cột phải.",
    ordering: "Học sinh sắp xếp các mục theo thứ tự đúng.",
    cloze: "Đề có các chỗ trống [[1]], [[2]]… để học sinh điền.",
  },

  stem: "Đề bài",
  stemClozeHint: "Viết [[1]], [[2]]… tại mỗi chỗ trống, hoặc đặt con trỏ vào đề rồi bấm nút chèn chỗ trống.",
  insertGap: (marker) => `Chèn chỗ trống ${marker}`,

  answerSection: "Đáp án",
  moveUp: (item) => `Đưa ${item} lên`,
  moveDown: (item) => `Đưa ${item} xuống`,
  remove: (item) => `Xoá ${item}`,

  options: "Các phương án",
  optionsHint: "Đánh dấu “Đúng” ở phương án đúng.",
  optionsHintMultiple: "Đánh dấu “Đúng” ở mọi phương án đúng.",
  option: (letter) => `Phương án ${letter}`,
  addOption: "Thêm phương án",
  correct: "Đúng",
  markCorrect: (option) => `${option} là đáp án đúng`,
  shuffleOptions: "Đảo thứ tự các phương án khi làm bài",

  statements: "Các ý",
  statementLabel: (letter) => `Ý ${letter})`,
  statementTruth: (statement) => `${statement} là`,

  answerKind: "Loại đáp án",
  answerNumeric: "Một số",
  answerText: "Chữ",
  numericValue: "Đáp án (số)",
  numericValueHint: "Ví dụ -1,5 hoặc 0.25: dấu phẩy hay dấu chấm đều được.",
  tolerance: "Sai số cho phép",
  toleranceHint: "Để 0 nếu phải đúng chính xác.",
  acceptedAnswers: "Các đáp án chấp nhận",
  acceptedAnswersHint: "Mỗi dòng một đáp án.",
  caseSensitive: "Phân biệt chữ hoa, chữ thường",

  rubric: "Tiêu chí chấm",
  rubricHint: "Tỉ trọng các tiêu chí cộng lại bằng 100%.",
  rubricRow: (number) => `Tiêu chí ${number}`,
  criterion: "Tiêu chí",
  weight: "Tỉ trọng (%)",
  description: "Mô tả (không bắt buộc)",
  addRubricRow: "Thêm tiêu chí",
  weightTotal: (total) => `Tổng tỉ trọng: ${total}%`,
  weightTotalWrong: "Chưa bằng 100%.",
  allowPhoto: "Cho phép nộp ảnh chụp bài làm",

  pairs: "Các cặp ghép đúng",
  pairsHint: "Mỗi cặp gồm một ý ở cột trái và ý ở cột phải ghép đúng với nó.",
  pair: (number) => `Cặp ${number}`,
  premise: "Cột trái",
  response: "Cột phải",
  addPair: "Thêm cặp ghép",
  distractors: "Ý gây nhiễu ở cột phải",
  distractorsHint: "Không ghép với ý nào ở cột trái (không bắt buộc).",
  distractor: (number) => `Ý gây nhiễu ${number}`,
  addDistractor: "Thêm ý gây nhiễu",

  orderItems: "Các mục theo thứ tự đúng",
  orderItemsHint: "Nhập các mục theo thứ tự đúng; khi làm bài, học sinh thấy chúng đã bị xáo trộn.",
  orderItem: (number) => `Mục ${number}`,
  addOrderItem: "Thêm mục",

  gaps: "Đáp án các chỗ trống",
  noGaps: "Đề chưa có chỗ trống nào: thêm [[1]] vào đề bài.",
  gapLabel: (marker) => `Chỗ trống ${marker}`,
  gapRepeated: (marker) => `${marker} xuất hiện nhiều lần trong đề: mỗi chỗ trống cần một mã riêng.`,

  scoring: "Cách chấm",

  solution: "Lời giải",
  solutionHint: "Không bắt buộc. Học sinh xem được sau khi làm bài, nếu giáo viên cho phép.",

  metadata: "Phân loại",
  subject: "Môn học",
  chooseSubject: "— Chọn môn —",
  grade: "Lớp",
  chooseGrade: "— Chọn lớp —",
  gradeOption: (grade) => `Lớp ${grade}`,
  topics: "Chủ đề",
  topicsChooseFirst: "Chọn môn và lớp để thấy các chủ đề.",
  topicsLoading: "Đang tải các chủ đề…",
  topicsNone: "Chưa có chủ đề nào cho môn và lớp này.",
  outcomes: "Yêu cầu cần đạt",
  outcomesHint: "Mỗi dòng một yêu cầu.",
  level: "Mức độ nhận thức",
  chooseLevel: "— Chọn mức độ —",
  levelScale3: "Thang 3 mức",
  levelScale4: "Thang 4 mức",
  levels: {
    biet: "Biết",
    hieu: "Hiểu",
    van_dung: "Vận dụng",
    nhan_biet: "Nhận biết",
    thong_hieu: "Thông hiểu",
    van_dung_cao: "Vận dụng cao",
  },
  difficulty: "Độ khó",
  difficulties: ["1 — Rất dễ", "2 — Dễ", "3 — Trung bình", "4 — Khó", "5 — Rất khó"],
  tags: "Thẻ",
  tagsHint: "Cách nhau bằng dấu phẩy.",
  source: "Nguồn",
  sourceHint: "Ví dụ: Đề minh hoạ tốt nghiệp THPT 2025, câu 3.",
  licence: "Giấy phép",
  licences: {
    "CC-BY-4.0": "CC BY 4.0 — ghi công",
    "CC-BY-SA-4.0": "CC BY-SA 4.0 — ghi công, chia sẻ tương tự",
    "CC-BY-NC-4.0": "CC BY-NC 4.0 — ghi công, phi thương mại",
    "CC-BY-NC-SA-4.0": "CC BY-NC-SA 4.0 — ghi công, phi thương mại, chia sẻ tương tự",
    "CC-BY-ND-4.0": "CC BY-ND 4.0 — ghi công, không phái sinh",
    "CC0-1.0": "CC0 1.0 — tặng công chúng",
    "all-rights-reserved": "Giữ bản quyền",
  },

  preview: "Xem như học sinh",
  showAnswers: "Hiện đáp án và lời giải",
};

export const questionEditorLabelsEn: QuestionEditorLabels = {
  locale: "en",
  editor: { ...lectureEditorLabelsEn, toolbar: "Text formatting", noScript: "The editor needs JavaScript." },
  view: questionViewLabelsEn,

  errorSummary: "The question was not saved. Please fix the following:",
  loadingEditor: "Loading the editor…",
  noScript: "The question editor needs JavaScript.",

  type: "Question type",
  types: {
    single_choice: "Multiple choice",
    true_false_group: "True/False (4 statements)",
    short_answer: "Short answer",
    essay: "Essay",
    multiple_response: "Multiple response",
    matching: "Matching",
    ordering: "Ordering",
    cloze: "Fill in the blanks",
  },
  typeHints: {
    single_choice: "One correct answer among options A, B, C, D…",
    true_false_group: "A shared stem and 4 statements a), b), c), d); students choose True or False for each.",
    short_answer: "Students write a number or a short phrase; marked automatically.",
    essay: "Students write an answer; the teacher marks it against criteria.",
    multiple_response: "Several options may be correct; students choose all of them.",
    matching: "Match each item on the left with one item on the right.",
    ordering: "Students put the items in the correct order.",
    cloze: "The stem has blanks [[1]], [[2]]… for students to fill in.",
  },

  stem: "Question",
  stemClozeHint: "Write [[1]], [[2]]… at each blank, or put the cursor in the question and press the insert blank button.",
  insertGap: (marker) => `Insert blank ${marker}`,

  answerSection: "Answer",
  moveUp: (item) => `Move ${item} up`,
  moveDown: (item) => `Move ${item} down`,
  remove: (item) => `Remove ${item}`,

  options: "Options",
  optionsHint: "Mark the correct option “Correct”.",
  optionsHintMultiple: "Mark every correct option “Correct”.",
  option: (letter) => `Option ${letter}`,
  addOption: "Add option",
  correct: "Correct",
  markCorrect: (option) => `${option} is correct`,
  shuffleOptions: "Shuffle the options for students",

  statements: "Statements",
  statementLabel: (letter) => `Statement ${letter})`,
  statementTruth: (statement) => `${statement} is`,

  answerKind: "Kind of answer",
  answerNumeric: "A number",
  answerText: "Text",
  numericValue: "Answer (number)",
  numericValueHint: "For example -1,5 or 0.25: comma or point both work.",
  tolerance: "Tolerance",
  toleranceHint: "Leave 0 for an exact answer.",
  acceptedAnswers: "Accepted answers",
  acceptedAnswersHint: "One answer per line.",
  caseSensitive: "Case-sensitive",

  rubric: "Marking criteria",
  rubricHint: "The weights add up to 100%.",
  rubricRow: (number) => `Criterion ${number}`,
  criterion: "Criterion",
  weight: "Weight (%)",
  description: "Description (optional)",
  addRubricRow: "Add criterion",
  weightTotal: (total) => `Total weight: ${total}%`,
  weightTotalWrong: "Not 100% yet.",
  allowPhoto: "Allow a photo of the work",

  pairs: "Correct pairs",
  pairsHint: "Each pair is an item on the left and the item on the right that matches it.",
  pair: (number) => `Pair ${number}`,
  premise: "Left column",
  response: "Right column",
  addPair: "Add pair",
  distractors: "Distractors in the right column",
  distractorsHint: "Match no item on the left (optional).",
  distractor: (number) => `Distractor ${number}`,
  addDistractor: "Add distractor",

  orderItems: "Items in the correct order",
  orderItemsHint: "Enter the items in the correct order; students see them shuffled.",
  orderItem: (number) => `Item ${number}`,
  addOrderItem: "Add item",

  gaps: "Answers for the blanks",
  noGaps: "The question has no blank yet: add [[1]] to it.",
  gapLabel: (marker) => `Blank ${marker}`,
  gapRepeated: (marker) => `${marker} appears more than once: each blank needs its own key.`,

  scoring: "Scoring",

  solution: "Solution",
  solutionHint: "Optional. Students see it after the test, if the teacher allows.",

  metadata: "Classification",
  subject: "Subject",
  chooseSubject: "— Choose a subject —",
  grade: "Grade",
  chooseGrade: "— Choose a grade —",
  gradeOption: (grade) => `Grade ${grade}`,
  topics: "Topics",
  topicsChooseFirst: "Choose a subject and a grade to see their topics.",
  topicsLoading: "Loading the topics…",
  topicsNone: "No topics for this subject and grade yet.",
  outcomes: "Learning outcomes",
  outcomesHint: "One per line.",
  level: "Cognitive level",
  chooseLevel: "— Choose a level —",
  levelScale3: "Three-level scale",
  levelScale4: "Four-level scale",
  levels: {
    biet: "Knowing",
    hieu: "Understanding",
    van_dung: "Applying",
    nhan_biet: "Recognising",
    thong_hieu: "Comprehending",
    van_dung_cao: "Advanced applying",
  },
  difficulty: "Difficulty",
  difficulties: ["1 — Very easy", "2 — Easy", "3 — Medium", "4 — Hard", "5 — Very hard"],
  tags: "Tags",
  tagsHint: "Separated by commas.",
  source: "Source",
  sourceHint: "For example: 2025 national exam sample paper, question 3.",
  licence: "Licence",
  licences: {
    "CC-BY-4.0": "CC BY 4.0 — attribution",
    "CC-BY-SA-4.0": "CC BY-SA 4.0 — attribution, share alike",
    "CC-BY-NC-4.0": "CC BY-NC 4.0 — attribution, non-commercial",
    "CC-BY-NC-SA-4.0": "CC BY-NC-SA 4.0 — attribution, non-commercial, share alike",
    "CC-BY-ND-4.0": "CC BY-ND 4.0 — attribution, no derivatives",
    "CC0-1.0": "CC0 1.0 — public domain",
    "all-rights-reserved": "All rights reserved",
  },

  preview: "Preview as a student",
  showAnswers: "Show answers and solution",
};

import { z } from "zod";
import { objectIdSchema } from "./common";
import { gradeSchema, subjectCodeSchema } from "./curriculum";
import { lectureDocSchema, type LectureDoc } from "./lecture";
import { licenceSchema, REVIEW_STATUSES } from "./materials";

/**
 * Questions of the bank (ngân hàng câu hỏi): one schema per item format (vn-assessment.md), used
 * by the editor, the API, the importers/exporters (Word, Moodle XML, GIFT, QTI) and the scorer
 * (questions-scoring.ts). Stems, options and solutions are the same rich text as lectures
 * (tiptap JSON with images and KaTeX math), so one renderer shows them everywhere.
 */

export const richTextSchema = lectureDocSchema;
export type RichText = LectureDoc;

/** Plain text as a one-paragraph rich text document (importers, tests, seeds). */
export function plainRichText(text: string): RichText {
  const trimmed = text.trim();
  return { type: "doc", content: [{ type: "paragraph", ...(trimmed ? { content: [{ type: "text", text: trimmed }] } : {}) }] };
}

export const QUESTION_TYPES = [
  "single_choice",
  "true_false_group",
  "short_answer",
  "essay",
  "multiple_response",
  "matching",
  "ordering",
  "cloze",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const questionTypeSchema = z.enum(QUESTION_TYPES, { error: "Loại câu hỏi không hợp lệ." }).meta({
  id: "QuestionType",
  description:
    "single_choice: trắc nghiệm nhiều phương án (một đáp án đúng); true_false_group: trắc nghiệm đúng/sai 4 ý a)–d); short_answer: trả lời ngắn (số hoặc chữ); essay: tự luận (chấm tay theo tiêu chí); multiple_response: nhiều đáp án đúng; matching: ghép nối; ordering: sắp xếp thứ tự; cloze: điền khuyết.",
});

/** The current three-level scale and the older four-level one (vn-assessment.md, Cognitive levels). */
export const COGNITIVE_LEVELS_3 = ["biet", "hieu", "van_dung"] as const;
export const COGNITIVE_LEVELS_4 = ["nhan_biet", "thong_hieu", "van_dung", "van_dung_cao"] as const;
export const COGNITIVE_LEVELS = ["biet", "hieu", "van_dung", "nhan_biet", "thong_hieu", "van_dung_cao"] as const;
export type CognitiveLevel = (typeof COGNITIVE_LEVELS)[number];
export type ThreeLevel = (typeof COGNITIVE_LEVELS_3)[number];
export const cognitiveLevelSchema = z.enum(COGNITIVE_LEVELS, { error: "Mức độ nhận thức không hợp lệ." }).meta({
  id: "CognitiveLevel",
  description:
    "Thang 3 mức: biet (Biết), hieu (Hiểu), van_dung (Vận dụng); thang 4 mức cũ: nhan_biet, thong_hieu, van_dung, van_dung_cao.",
});

/** 4 → 3 levels: NB → Biết, TH → Hiểu, VD/VDC → Vận dụng. */
export function toThreeLevel(level: CognitiveLevel): ThreeLevel {
  if (level === "nhan_biet") return "biet";
  if (level === "thong_hieu") return "hieu";
  if (level === "van_dung_cao") return "van_dung";
  return level;
}

/** How formats with several parts score: everything right or nothing, or the share that is right. */
export const PARTIAL_SCORING = ["all_or_nothing", "proportional"] as const;
export const partialScoringSchema = z.enum(PARTIAL_SCORING).default("all_or_nothing");

export const QUESTION_LIMITS = {
  maxOptions: 10,
  maxPairs: 12,
  maxOrderItems: 12,
  maxGaps: 20,
  maxAccepted: 20,
  maxAnswerLength: 200,
  maxTags: 20,
  maxRubricRows: 10,
} as const;

/** An id of a part of a question (option, statement, pair side, gap): short, stable across edits. */
const partIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,24}$/, "Mã thành phần câu hỏi không hợp lệ.");

const choiceSchema = z.object({ id: partIdSchema, content: richTextSchema });
export type Choice = z.infer<typeof choiceSchema>;

const uniqueIds = (items: readonly { id: string }[]) => new Set(items.map((item) => item.id)).size === items.length;
const acceptedTextSchema = z
  .string()
  .trim()
  .min(1, "Đáp án không được để trống.")
  .max(QUESTION_LIMITS.maxAnswerLength, `Đáp án dài quá ${QUESTION_LIMITS.maxAnswerLength} ký tự.`);

const singleChoiceSchema = z
  .object({
    type: z.literal("single_choice"),
    options: z.array(choiceSchema).min(2, "Cần ít nhất 2 phương án.").max(QUESTION_LIMITS.maxOptions, "Quá nhiều phương án."),
    // Checked for emptiness first: "nothing chosen" is what an author needs to hear, not "invalid id".
    correctOptionId: z.string().min(1, "Chưa chọn phương án đúng.").pipe(partIdSchema),
    shuffleOptions: z.boolean().default(true),
  })
  .refine((item) => uniqueIds(item.options), { message: "Các phương án phải có mã khác nhau.", path: ["options"] })
  .refine((item) => item.options.some((option) => option.id === item.correctOptionId), {
    message: "Chưa chọn phương án đúng.",
    path: ["correctOptionId"],
  });

const trueFalseGroupSchema = z
  .object({
    type: z.literal("true_false_group"),
    statements: z
      .array(z.object({ id: partIdSchema, content: richTextSchema, correct: z.boolean() }))
      .length(4, "Câu đúng/sai có đúng 4 ý a), b), c), d)."),
  })
  .refine((item) => uniqueIds(item.statements), { message: "Các ý phải có mã khác nhau.", path: ["statements"] });

const shortAnswerSchema = z.object({
  type: z.literal("short_answer"),
  answer: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("numeric"),
      /** As the teacher wrote it ("-1,5" or "-1.5"); compared after normalising the decimal separator. */
      value: z
        .string()
        .trim()
        .regex(/^[-+]?\d+([.,]\d+)?$/, "Đáp án số chỉ gồm chữ số, dấu trừ và một dấu thập phân (phẩy hoặc chấm)."),
      tolerance: z.number().min(0, "Sai số cho phép không được âm.").default(0),
    }),
    z.object({
      kind: z.literal("text"),
      accepted: z.array(acceptedTextSchema).min(1, "Cần ít nhất một đáp án chấp nhận.").max(QUESTION_LIMITS.maxAccepted),
      caseSensitive: z.boolean().default(false),
    }),
  ]),
});

const rubricRowSchema = z.object({
  criterion: z.string().trim().min(1, "Tiêu chí chấm không được để trống.").max(500),
  /** Share of the item's points this row is worth; the rows add up to 1. */
  weight: z.number().gt(0).max(1),
  description: z.string().max(2000).default(""),
});

const essaySchema = z
  .object({
    type: z.literal("essay"),
    rubric: z.array(rubricRowSchema).min(1, "Câu tự luận cần ít nhất một tiêu chí chấm.").max(QUESTION_LIMITS.maxRubricRows),
    allowPhoto: z.boolean().default(true),
  })
  .refine((item) => Math.abs(item.rubric.reduce((sum, row) => sum + row.weight, 0) - 1) < 1e-6, {
    message: "Tỉ trọng các tiêu chí chấm phải cộng lại bằng 100%.",
    path: ["rubric"],
  });

const multipleResponseSchema = z
  .object({
    type: z.literal("multiple_response"),
    options: z
      .array(choiceSchema.extend({ correct: z.boolean() }))
      .min(2, "Cần ít nhất 2 phương án.")
      .max(QUESTION_LIMITS.maxOptions, "Quá nhiều phương án."),
    shuffleOptions: z.boolean().default(true),
    scoring: partialScoringSchema,
  })
  .refine((item) => uniqueIds(item.options), { message: "Các phương án phải có mã khác nhau.", path: ["options"] })
  .refine((item) => item.options.some((option) => option.correct), {
    message: "Cần ít nhất một phương án đúng.",
    path: ["options"],
  });

const matchingSchema = z
  .object({
    type: z.literal("matching"),
    /** Left column; each has exactly one right answer. */
    premises: z.array(choiceSchema).min(2, "Cần ít nhất 2 cặp ghép.").max(QUESTION_LIMITS.maxPairs, "Quá nhiều cặp ghép."),
    /** Right column, possibly with extra distractors. */
    responses: z
      .array(choiceSchema)
      .min(2)
      .max(QUESTION_LIMITS.maxPairs * 2),
    pairs: z.array(z.object({ premiseId: partIdSchema, responseId: partIdSchema })),
    scoring: partialScoringSchema,
  })
  .refine((item) => uniqueIds(item.premises) && uniqueIds(item.responses), {
    message: "Các vế ghép phải có mã khác nhau.",
    path: ["premises"],
  })
  .refine(
    (item) =>
      item.pairs.length === item.premises.length &&
      item.premises.every((premise) => item.pairs.filter((pair) => pair.premiseId === premise.id).length === 1) &&
      item.pairs.every((pair) => item.responses.some((response) => response.id === pair.responseId)),
    { message: "Mỗi vế trái cần đúng một vế phải được ghép.", path: ["pairs"] },
  );

const orderingSchema = z
  .object({
    type: z.literal("ordering"),
    /** In the correct order; shown shuffled. */
    items: z
      .array(choiceSchema)
      .min(2, "Cần ít nhất 2 mục để sắp xếp.")
      .max(QUESTION_LIMITS.maxOrderItems, "Quá nhiều mục để sắp xếp."),
    scoring: partialScoringSchema,
  })
  .refine((item) => uniqueIds(item.items), { message: "Các mục phải có mã khác nhau.", path: ["items"] });

/** A gap in a cloze stem is written `[[key]]` in the text, e.g. "Thủ đô của Việt Nam là [[1]]." */
export const CLOZE_GAP_PATTERN = /\[\[([A-Za-z0-9_-]{1,24})\]\]/g;

const clozeSchema = z.object({
  type: z.literal("cloze"),
  gaps: z
    .array(
      z.object({
        key: partIdSchema,
        accepted: z.array(acceptedTextSchema).min(1, "Mỗi chỗ trống cần ít nhất một đáp án.").max(QUESTION_LIMITS.maxAccepted),
        caseSensitive: z.boolean().default(false),
      }),
    )
    .min(1, "Câu điền khuyết cần ít nhất một chỗ trống [[1]].")
    .max(QUESTION_LIMITS.maxGaps, "Quá nhiều chỗ trống."),
  scoring: partialScoringSchema.default("proportional"),
});

/** The answer part of a question: what its format is and what is correct. */
export const questionBodySchema = z
  .discriminatedUnion("type", [
    singleChoiceSchema,
    trueFalseGroupSchema,
    shortAnswerSchema,
    essaySchema,
    multipleResponseSchema,
    matchingSchema,
    orderingSchema,
    clozeSchema,
  ])
  .meta({ id: "QuestionBody", description: "Dạng câu hỏi và đáp án, theo từng loại (vn-assessment.md)." });
export type QuestionBody = z.infer<typeof questionBodySchema>;
export type QuestionBodyOf<T extends QuestionType> = Extract<QuestionBody, { type: T }>;

/** Every gap key written in a cloze stem, in order of appearance. */
export function clozeGapKeys(stem: RichText): string[] {
  return [...JSON.stringify(stem).matchAll(CLOZE_GAP_PATTERN)].map((match) => match[1]!);
}

export const questionMetadataSchema = z.object({
  subject: subjectCodeSchema,
  grade: gradeSchema,
  topicIds: z.array(objectIdSchema).max(10).default([]),
  outcomes: z.array(z.string().trim().min(1).max(1000)).max(10).default([]),
  level: cognitiveLevelSchema,
  /** The author's estimate, 1 (easy) … 5 (hard); real facility comes from attempts. */
  difficulty: z.number().int().min(1, "Độ khó từ 1 đến 5.").max(5, "Độ khó từ 1 đến 5.").default(3),
  tags: z.array(z.string().trim().min(1).max(50)).max(QUESTION_LIMITS.maxTags).default([]),
  source: z.string().trim().max(300, "Nguồn dài quá 300 ký tự.").default(""),
  licence: licenceSchema.default("CC-BY-4.0"),
});
export type QuestionMetadata = z.infer<typeof questionMetadataSchema>;

const questionContentShape = {
  stem: richTextSchema,
  body: questionBodySchema,
  solution: richTextSchema.nullable().default(null),
};

/** Cloze gaps must match the `[[key]]` markers of the stem. */
function checkClozeGaps(content: { stem: RichText; body: QuestionBody }, context: z.RefinementCtx) {
  if (content.body.type !== "cloze") return;
  const keys = clozeGapKeys(content.stem);
  const gapKeys = content.body.gaps.map((gap) => gap.key);
  if (keys.length !== gapKeys.length || keys.some((key) => !gapKeys.includes(key))) {
    context.addIssue({
      code: "custom",
      message: "Các chỗ trống [[…]] trong đề phải khớp với danh sách đáp án điền khuyết.",
      path: ["body", "gaps"],
    });
  }
}

/** The content of a question without its metadata: what importers read from a file. */
export const questionContentSchema = z
  .object(questionContentShape)
  .superRefine(checkClozeGaps)
  .meta({ id: "QuestionContent", description: "Đề, dạng câu hỏi với đáp án, và lời giải (nếu có)." });
export type QuestionContent = z.infer<typeof questionContentSchema>;

/** What an author writes (editor, API, import confirmation): content and metadata. */
export const questionDraftSchema = questionMetadataSchema
  .extend(questionContentShape)
  .superRefine(checkClozeGaps)
  .meta({ id: "QuestionDraft" });
export type QuestionDraft = z.infer<typeof questionDraftSchema>;
export type QuestionDraftInput = z.input<typeof questionDraftSchema>;

/** A student's answer to one question, by format (what the quiz saves and the scorer reads). */
export const questionResponseSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("single_choice"), optionId: partIdSchema.nullable() }),
    z.object({ type: z.literal("true_false_group"), answers: z.record(partIdSchema, z.boolean()) }),
    z.object({ type: z.literal("short_answer"), text: z.string().max(QUESTION_LIMITS.maxAnswerLength) }),
    z.object({
      type: z.literal("essay"),
      text: z.string().max(50_000),
      photoUploadIds: z.array(objectIdSchema).max(10).default([]),
    }),
    z.object({ type: z.literal("multiple_response"), optionIds: z.array(partIdSchema).max(QUESTION_LIMITS.maxOptions) }),
    z.object({ type: z.literal("matching"), pairs: z.record(partIdSchema, partIdSchema) }),
    // Position by position; "" is a position the student has not filled yet.
    z.object({
      type: z.literal("ordering"),
      order: z.array(z.union([partIdSchema, z.literal("")])).max(QUESTION_LIMITS.maxOrderItems),
    }),
    z.object({ type: z.literal("cloze"), gaps: z.record(partIdSchema, z.string().max(QUESTION_LIMITS.maxAnswerLength)) }),
  ])
  .meta({ id: "QuestionResponse", description: "Câu trả lời của học sinh cho một câu hỏi, theo loại câu hỏi." });
export type QuestionResponse = z.infer<typeof questionResponseSchema>;
export type QuestionResponseOf<T extends QuestionType> = Extract<QuestionResponse, { type: T }>;

// ---- API ------------------------------------------------------------------------------------

const QUESTION_LIST_OWNERS = ["mine", "bank"] as const;

/** Filters of the bank browser and `GET /api/v1/questions`. */
export const listQuestionsQuerySchema = z.object({
  /** mine: what I wrote, any status; bank: everything I may read (mine and what is shared with me). */
  owner: z.enum(QUESTION_LIST_OWNERS).default("bank"),
  q: z.string().trim().max(200).optional(),
  subject: subjectCodeSchema.optional(),
  grade: gradeSchema.optional(),
  topic: objectIdSchema.optional(),
  level: cognitiveLevelSchema.optional(),
  type: questionTypeSchema.optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  scope: z.enum(["private", "school", "district", "province", "national"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListQuestionsQuery = z.infer<typeof listQuestionsQuerySchema>;

export const questionSummarySchema = z
  .object({
    id: objectIdSchema,
    type: questionTypeSchema,
    stemText: z.string(),
    subject: z.string(),
    grade: z.number().int(),
    topicIds: z.array(objectIdSchema),
    level: cognitiveLevelSchema,
    difficulty: z.number().int(),
    tags: z.array(z.string()),
    status: z.string(),
    scope: z.string(),
    version: z.number().int(),
    mine: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: "QuestionSummary" });
export type QuestionSummary = z.infer<typeof questionSummarySchema>;

/** Counts of the filtered questions per topic × cognitive level: the shape a test matrix needs. */
export const topicLevelCountSchema = z.object({
  topicId: objectIdSchema.nullable(),
  level: cognitiveLevelSchema,
  count: z.number().int(),
});

export const questionListSchema = z
  .object({
    items: z.array(questionSummarySchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    matrix: z.array(topicLevelCountSchema),
    /** True when a text search was answered from the database because search is down. */
    degraded: z.boolean(),
  })
  .meta({ id: "QuestionList" });

export const questionViewSchema = questionMetadataSchema
  .extend({
    id: objectIdSchema,
    type: questionTypeSchema,
    stem: richTextSchema,
    body: questionBodySchema,
    solution: richTextSchema.nullable(),
    status: z.string(),
    scope: z.string(),
    version: z.number().int(),
    latestVersion: z.number().int(),
    liveVersion: z.number().int().nullable(),
    ownerOrganisationId: objectIdSchema,
    createdBy: objectIdSchema,
    mayEdit: z.boolean(),
    stats: z.object({
      attempts: z.number().int(),
      usageCount: z.number().int(),
      facility: z.number().nullable(),
      discrimination: z.number().nullable(),
    }),
    updatedAt: z.string(),
  })
  .meta({ id: "Question" });
export type QuestionView = z.infer<typeof questionViewSchema>;

/** `POST /api/v1/questions` and `PUT /api/v1/questions/{id}`: a draft; a duplicate stem is refused unless allowed. */
export const saveQuestionSchema = z.object({
  question: questionDraftSchema,
  allowDuplicate: z.boolean().default(false),
});

/** Metadata changed on many questions at once (bank browser, `POST /api/v1/questions/bulk`). */
export const bulkQuestionActionSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("set_metadata"),
    ids: z.array(objectIdSchema).min(1, "Chưa chọn câu hỏi nào.").max(500),
    topicIds: z.array(objectIdSchema).max(10).optional(),
    level: cognitiveLevelSchema.optional(),
    difficulty: z.number().int().min(1).max(5).optional(),
    addTags: z.array(z.string().trim().min(1).max(50)).max(QUESTION_LIMITS.maxTags).optional(),
  }),
  z.object({ action: z.literal("delete"), ids: z.array(objectIdSchema).min(1, "Chưa chọn câu hỏi nào.").max(500) }),
]);
export type BulkQuestionAction = z.infer<typeof bulkQuestionActionSchema>;

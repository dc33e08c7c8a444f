import ipaddr from "ipaddr.js";
import { z } from "zod";
import { objectIdSchema } from "./common";
import { gradeSchema, subjectCodeSchema } from "./curriculum";
import {
  cognitiveLevelSchema,
  questionBodySchema,
  questionResponseSchema,
  questionTypeSchema,
  type QuestionType,
} from "./questions";

/**
 * Online assessment (vn-assessment.md, domain.md › Assessments): the blueprint (ma trận đề + bảng đặc tả), the
 * assembled test with its versions (mã đề), its assignment to classes, and the attempts students make. Forms, the
 * API and the workers all validate with these schemas.
 */

/** Which gradebook column a test feeds (Circular 22/2021), or none for practice. */
export const ASSESSMENT_PURPOSES = ["regular", "mid_term", "end_term", "practice"] as const;
export type AssessmentPurpose = (typeof ASSESSMENT_PURPOSES)[number];
export const ROUNDING_POLICIES = ["none", "0.1", "0.25"] as const;
export type RoundingPolicy = (typeof ROUNDING_POLICIES)[number];
export const LEVEL_SCALES = ["three", "four"] as const;
export type LevelScale = (typeof LEVEL_SCALES)[number];
/** When a student may see their score and answers. */
export const SHOW_RESULTS = ["immediately", "after_close", "never"] as const;
export type ShowResults = (typeof SHOW_RESULTS)[number];

export const ASSESSMENT_LIMITS = {
  maxRows: 40,
  maxCellCount: 60,
  maxItems: 120,
  maxVersions: 24,
  maxTimeLimitMinutes: 300,
  maxAttempts: 10,
  maxAccommodations: 60,
  maxIpRanges: 20,
  /** The 10-point scale of Vietnamese marks. */
  totalPoints: 10,
} as const;

/** Points with at most two decimals (0.25, 0.5, 1.5 …). */
const pointsSchema = z
  .number({ error: "Số điểm phải là một số." })
  .gt(0, "Số điểm phải lớn hơn 0.")
  .max(ASSESSMENT_LIMITS.totalPoints, "Một câu không quá 10 điểm.")
  .refine((points) => Math.abs(points * 100 - Math.round(points * 100)) < 1e-6, "Số điểm có tối đa 2 chữ số thập phân.");

/** One cell of the matrix: how many items of a format and level a topic contributes, and what each is worth. */
export const blueprintCellSchema = z.object({
  format: questionTypeSchema,
  level: cognitiveLevelSchema,
  count: z
    .number()
    .int("Số câu phải là số nguyên.")
    .min(0, "Số câu không được âm.")
    .max(ASSESSMENT_LIMITS.maxCellCount, `Một ô không quá ${ASSESSMENT_LIMITS.maxCellCount} câu.`),
  pointsEach: pointsSchema,
});
export type BlueprintCell = z.infer<typeof blueprintCellSchema>;

/** A row: a topic (chủ đề / đơn vị kiến thức), its cells, and the outcomes tested at each level (bảng đặc tả). */
export const blueprintRowSchema = z.object({
  topicId: objectIdSchema,
  cells: z.array(blueprintCellSchema).max(40),
  outcomes: z.partialRecord(cognitiveLevelSchema, z.string().trim().max(2000)).default({}),
});
export type BlueprintRow = z.infer<typeof blueprintRowSchema>;

export const blueprintSchema = z
  .object({
    levelScale: z.enum(LEVEL_SCALES).default("three"),
    rows: z
      .array(blueprintRowSchema)
      .min(1, "Ma trận cần ít nhất một chủ đề.")
      .max(ASSESSMENT_LIMITS.maxRows, `Ma trận không quá ${ASSESSMENT_LIMITS.maxRows} chủ đề.`),
  })
  .refine((blueprint) => new Set(blueprint.rows.map((row) => row.topicId)).size === blueprint.rows.length, {
    message: "Mỗi chủ đề chỉ có một dòng trong ma trận.",
    path: ["rows"],
  })
  .meta({ id: "Blueprint", description: "Ma trận đề và bảng đặc tả: dòng là chủ đề, ô là số câu theo dạng × mức độ." });
export type Blueprint = z.infer<typeof blueprintSchema>;

/** The order of the parts of a printed or online test: PHẦN I, II, III … by item format, essays last. */
export const SECTION_ORDER: readonly QuestionType[] = [
  "single_choice",
  "true_false_group",
  "short_answer",
  "multiple_response",
  "matching",
  "ordering",
  "cloze",
  "essay",
];

const titleSchema = z
  .string({ error: "Cần nhập tên bài kiểm tra." })
  .trim()
  .min(1, "Cần nhập tên bài kiểm tra.")
  .max(200, "Tên bài kiểm tra dài quá 200 ký tự.");

export const assessmentSettingsSchema = z.object({
  title: titleSchema,
  subject: subjectCodeSchema,
  grade: gradeSchema,
  purpose: z.enum(ASSESSMENT_PURPOSES).default("regular"),
  rounding: z.enum(ROUNDING_POLICIES).default("none"),
  shuffleItems: z.boolean().default(true),
  shuffleOptions: z.boolean().default(true),
});
export type AssessmentSettings = z.infer<typeof assessmentSettingsSchema>;

/** Creating a test: settings, and a blueprint to draw from (or none: items are added by hand). */
export const createAssessmentSchema = assessmentSettingsSchema
  .extend({ blueprint: blueprintSchema.nullable().default(null) })
  .meta({ id: "CreateAssessment" });
export type CreateAssessmentInput = z.infer<typeof createAssessmentSchema>;

export const addAssessmentItemSchema = z
  .object({ questionId: objectIdSchema, points: pointsSchema })
  .meta({ id: "AddAssessmentItem", description: "Thêm một câu hỏi (phiên bản đã duyệt, được ghim) vào bài kiểm tra." });

export const generateVersionsSchema = z
  .object({
    versions: z
      .number()
      .int()
      .min(1, "Cần ít nhất 1 mã đề.")
      .max(ASSESSMENT_LIMITS.maxVersions, `Không quá ${ASSESSMENT_LIMITS.maxVersions} mã đề.`),
    firstCode: z.number().int().min(1).max(9000).default(101),
    /** Draw the blueprint's items again (otherwise the drawn items are kept and only the versions change). */
    redraw: z.boolean().default(false),
    /** A class the test is meant for: items it met in recent tests are drawn last. */
    forClassId: objectIdSchema.optional(),
  })
  .meta({ id: "GenerateVersions" });
export type GenerateVersionsInput = z.infer<typeof generateVersionsSchema>;

/** A CIDR range (or a single address) a test may be taken from, e.g. the school's network "203.113.0.0/24". */
export const ipRangeSchema = z
  .string()
  .trim()
  .refine((text) => {
    try {
      if (text.includes("/")) ipaddr.parseCIDR(text);
      else ipaddr.parse(text);
      return true;
    } catch {
      return false;
    }
  }, "Dải địa chỉ IP không hợp lệ (ví dụ 203.113.0.0/24).");

export const assignAssessmentSchema = z
  .object({
    classId: objectIdSchema,
    opensAt: z.iso.datetime({ offset: true, error: "Thời điểm mở không hợp lệ." }),
    closesAt: z.iso.datetime({ offset: true, error: "Thời điểm đóng không hợp lệ." }),
    timeLimitMinutes: z
      .number()
      .int("Thời gian làm bài tính bằng phút.")
      .min(1, "Thời gian làm bài ít nhất 1 phút.")
      .max(ASSESSMENT_LIMITS.maxTimeLimitMinutes, `Thời gian làm bài không quá ${ASSESSMENT_LIMITS.maxTimeLimitMinutes} phút.`),
    maxAttempts: z.number().int().min(1).max(ASSESSMENT_LIMITS.maxAttempts).default(1),
    accessCode: z
      .string()
      .trim()
      .max(20, "Mã vào phòng thi tối đa 20 ký tự.")
      .refine((code) => code === "" || code.length >= 4, "Mã vào phòng thi cần ít nhất 4 ký tự.")
      .default(""),
    allowedIpRanges: z.array(ipRangeSchema).max(ASSESSMENT_LIMITS.maxIpRanges).default([]),
    showResults: z.enum(SHOW_RESULTS).default("after_close"),
    /** Extra time for particular students (e.g. a student with a disability). */
    accommodations: z
      .array(z.object({ studentId: objectIdSchema, extraMinutes: z.number().int().min(1).max(240) }))
      .max(ASSESSMENT_LIMITS.maxAccommodations)
      .default([]),
  })
  .refine((input) => Date.parse(input.closesAt) > Date.parse(input.opensAt), {
    message: "Thời điểm đóng phải sau thời điểm mở.",
    path: ["closesAt"],
  })
  .meta({ id: "AssignAssessment" });
export type AssignAssessmentInput = z.infer<typeof assignAssessmentSchema>;

// ---- Attempts (the public API other clients use) ------------------------------------------------

export const ATTEMPT_STATUSES = ["in_progress", "submitted", "auto_submitted", "graded"] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export const INTEGRITY_EVENT_TYPES = [
  "tab_hidden",
  "window_blur",
  "fullscreen_exit",
  "reconnected",
  "offline",
  "second_device",
  "resumed",
] as const;
export type IntegrityEventType = (typeof INTEGRITY_EVENT_TYPES)[number];

/** A client's stable id for the browser or app it runs in; a second device answering the same attempt is logged. */
const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "Mã thiết bị không hợp lệ.")
  .optional();

export const startAttemptSchema = z
  .object({ accessCode: z.string().trim().max(20).default(""), deviceId: deviceIdSchema })
  .meta({ id: "StartAttempt" });

/** What a student sees of an item: the pinned content in their version's order, without any answer key. */
export const deliveredItemSchema = z
  .object({
    key: z.string(),
    number: z.number().int(),
    section: questionTypeSchema,
    type: questionTypeSchema,
    points: z.number(),
    stemHtml: z.string(),
    /** Options, statements, premises or things to order, each with its display label and HTML. */
    parts: z.array(z.object({ id: z.string(), label: z.string(), html: z.string() })),
    /** Matching: the right-hand column. */
    matches: z.array(z.object({ id: z.string(), label: z.string(), html: z.string() })),
    /** Cloze: the gap keys in the stem (`[[key]]` markers in `stemHtml`). */
    gaps: z.array(z.string()),
    answerKind: z.enum(["numeric", "text"]).nullable(),
    allowPhoto: z.boolean(),
  })
  .meta({ id: "DeliveredItem" });
export type DeliveredItem = z.infer<typeof deliveredItemSchema>;

export const storedResponseSchema = z
  .object({ response: questionResponseSchema, seq: z.number().int(), savedAt: z.iso.datetime() })
  .meta({ id: "StoredResponse" });

export const attemptViewSchema = z
  .object({
    id: z.string(),
    assignmentId: z.string(),
    title: z.string(),
    status: z.enum(ATTEMPT_STATUSES),
    attemptNumber: z.number().int(),
    versionCode: z.number().int(),
    startedAt: z.iso.datetime(),
    deadline: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    /** The server's clock when answering: clients count down from `deadline − serverNow`, never from their own clock. */
    serverNow: z.iso.datetime(),
    items: z.array(deliveredItemSchema),
    responses: z.record(z.string(), storedResponseSchema),
  })
  .meta({ id: "Attempt" });
export type AttemptView = z.infer<typeof attemptViewSchema>;

export const saveResponseSchema = z
  .object({
    /** Per item, increasing with every change on the client: a replayed or late save never overwrites a newer one. */
    seq: z.number().int().min(1).max(1_000_000_000),
    response: questionResponseSchema,
    deviceId: deviceIdSchema,
  })
  .meta({ id: "SaveResponse" });
export type SaveResponseInput = z.infer<typeof saveResponseSchema>;

/** What the server holds for the item after a save: `saved` (this one), `duplicate` (already had it), `newer_kept`. */
export const savedResponseSchema = z
  .object({
    itemKey: z.string(),
    outcome: z.enum(["saved", "duplicate", "newer_kept"]),
    seq: z.number().int(),
    response: questionResponseSchema,
    savedAt: z.iso.datetime(),
  })
  .meta({ id: "SavedResponse" });
export type SavedResponse = z.infer<typeof savedResponseSchema>;

/**
 * Photos of an essay written on paper (an essay item with `allowPhoto`): sent one by one while the attempt is in
 * progress, then listed by id in the essay's response (`photoUploadIds`). The bytes decide the type, never the name;
 * every photo is kept redrawn as JPEG of at most `longSide` pixels, without the camera's metadata.
 */
const ESSAY_PHOTO_MAX_MEGABYTES = 10;

export const ESSAY_PHOTO_RULES = {
  maxMegabytes: ESSAY_PHOTO_MAX_MEGABYTES,
  maxBytes: ESSAY_PHOTO_MAX_MEGABYTES * 1024 * 1024,
  types: ["image/jpeg", "image/png", "image/webp"],
  /** Longer side of a kept photo, in pixels: a page of handwriting stays legible. */
  longSide: 2000,
  /** Pixels a photo may hold (a 50-megapixel phone camera's full size fits): bounds the memory of redrawing it. */
  maxMegapixels: 64,
  /** Per item: the response lists at most this many (questions.ts › essay response). */
  maxPerItem: 10,
} as const;

/** Where a photo of an essay is opened (it redirects to a short-lived storage address). */
export const essayPhotoPath = (attemptId: string, photoId: string) => `/api/v1/attempts/${attemptId}/photos/${photoId}`;

export const attemptPhotoSchema = z
  .object({
    id: z.string(),
    itemKey: z.string(),
    mimeType: z.string(),
    size: z.number().int(),
    url: z.string().meta({ description: "Địa chỉ xem ảnh (chuyển tiếp tới kho lưu trữ, hết hạn sau ít phút)." }),
  })
  .meta({ id: "AttemptPhoto" });
export type AttemptPhotoView = z.infer<typeof attemptPhotoSchema>;

export const integrityEventsSchema = z
  .object({
    events: z
      .array(
        z.object({
          type: z.enum(INTEGRITY_EVENT_TYPES),
          /** The client's clock: for ordering only; the server records its own time too. */
          at: z.iso.datetime().optional(),
          detail: z.string().max(200).default(""),
        }),
      )
      .min(1)
      .max(50),
    deviceId: deviceIdSchema,
  })
  .meta({ id: "IntegrityEvents" });

export const submittedAttemptSchema = z
  .object({ id: z.string(), status: z.enum(ATTEMPT_STATUSES), submittedAt: z.iso.datetime() })
  .meta({ id: "SubmittedAttempt" });

export const itemResultSchema = z.object({
  key: z.string(),
  number: z.number().int(),
  earned: z.number().nullable(),
  max: z.number(),
  status: z.enum(["correct", "partial", "incorrect", "unanswered", "needs_grading"]),
  comment: z.string(),
});

export const attemptResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(ATTEMPT_STATUSES),
    versionCode: z.number().int(),
    /** The sum of item points before rounding; null while essays wait for grading. */
    score: z.number().nullable(),
    /** With the test's rounding policy, as it goes into the gradebook. */
    roundedScore: z.number().nullable(),
    maxScore: z.number(),
    submittedAt: z.iso.datetime().nullable(),
    durationSeconds: z.number().int().nullable(),
    items: z.array(itemResultSchema),
  })
  .meta({ id: "AttemptResult" });
export type AttemptResult = z.infer<typeof attemptResultSchema>;

/** A teacher's marks for one essay answer: points per rubric row (or in total) and a comment. */
export const gradeEssaySchema = z
  .object({
    attemptId: objectIdSchema,
    itemKey: z.string().min(1).max(40),
    points: z.number({ error: "Số điểm phải là một số." }).min(0, "Số điểm không được âm."),
    comment: z.string().trim().max(5000).default(""),
  })
  .meta({ id: "GradeEssay" });
export type GradeEssayInput = z.infer<typeof gradeEssaySchema>;

// ---- Teachers' API responses --------------------------------------------------------------------

export const assessmentSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    subject: z.string(),
    grade: z.number().int(),
    purpose: z.enum(ASSESSMENT_PURPOSES),
    items: z.number().int(),
    versions: z.number().int(),
    locked: z.boolean(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "AssessmentSummary" });

export const assignmentSummarySchema = z
  .object({
    id: z.string(),
    assessmentId: z.string(),
    title: z.string(),
    classId: z.string(),
    opensAt: z.iso.datetime(),
    closesAt: z.iso.datetime(),
    timeLimitMinutes: z.number().int(),
    maxAttempts: z.number().int(),
    needsAccessCode: z.boolean(),
    showResults: z.enum(SHOW_RESULTS),
  })
  .meta({ id: "AssignmentSummary" });

export const assessmentViewSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    subject: z.string(),
    grade: z.number().int(),
    purpose: z.enum(ASSESSMENT_PURPOSES),
    rounding: z.enum(ROUNDING_POLICIES),
    shuffleItems: z.boolean(),
    shuffleOptions: z.boolean(),
    blueprint: blueprintSchema.nullable(),
    items: z.array(
      z.object({
        key: z.string(),
        number: z.number().int(),
        questionId: z.string(),
        version: z.number().int(),
        type: questionTypeSchema,
        level: cognitiveLevelSchema,
        points: z.number(),
        stemText: z.string(),
      }),
    ),
    totalPoints: z.number(),
    versions: z.array(z.object({ code: z.number().int(), itemKeys: z.array(z.string()) })),
    locked: z.boolean(),
    createdBy: z.string(),
    updatedAt: z.iso.datetime().nullable(),
    assignments: z.array(
      assignmentSummarySchema.extend({ className: z.string(), students: z.number().int(), submitted: z.number().int() }),
    ),
  })
  .meta({ id: "Assessment" });

const itemAnalysisSchema = z.object({
  key: z.string(),
  responses: z.number().int(),
  unanswered: z.number().int(),
  facility: z.number().nullable(),
  discrimination: z.number().nullable(),
  pointBiserial: z.number().nullable(),
  distractors: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      correct: z.boolean(),
      count: z.number().int(),
      upper: z.number().int(),
      lower: z.number().int(),
    }),
  ),
  flags: z.array(z.string()),
});

export const classResultsSchema = z
  .object({
    className: z.string(),
    schoolYear: z.string(),
    rows: z.array(
      z.object({
        studentId: z.string(),
        studentCode: z.string(),
        fullName: z.string(),
        attemptId: z.string().nullable(),
        status: z.enum(["not_started", ...ATTEMPT_STATUSES, "waiting_for_grading"]),
        versionCode: z.number().int().nullable(),
        score: z.number().nullable(),
        roundedScore: z.number().nullable(),
        submittedAt: z.iso.datetime().nullable(),
        durationSeconds: z.number().int().nullable(),
        integrityEvents: z.number().int(),
        pendingGrading: z.number().int(),
      }),
    ),
    analysis: z.object({
      attempts: z.number().int(),
      maxScore: z.number(),
      mean: z.number().nullable(),
      median: z.number().nullable(),
      standardDeviation: z.number().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      distribution: z.array(z.number().int()),
      reliability: z.object({ method: z.enum(["kr20", "cronbach_alpha"]), value: z.number() }).nullable(),
      items: z.array(itemAnalysisSchema),
    }),
  })
  .meta({ id: "ClassResults" });

/** A corrected answer key for one item of an assigned test: the same format and parts, another answer. */
export const correctKeySchema = z
  .object({
    body: questionBodySchema,
    reason: z.string().trim().min(1, "Cần ghi lý do sửa đáp án.").max(1000),
  })
  .meta({ id: "CorrectKey" });

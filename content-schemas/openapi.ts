import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import {
  addAssessmentItemSchema,
  assessmentSummarySchema,
  assessmentViewSchema,
  assignAssessmentSchema,
  assignmentSummarySchema,
  attemptResultSchema,
  attemptPhotoSchema,
  attemptViewSchema,
  classResultsSchema,
  correctKeySchema,
  ESSAY_PHOTO_RULES,
  createAssessmentSchema,
  generateVersionsSchema,
  gradeEssaySchema,
  integrityEventsSchema,
  savedResponseSchema,
  saveResponseSchema,
  startAttemptSchema,
  submittedAttemptSchema,
} from "./assessments";
import { meSchema } from "./auth";
import { listSubjectsQuerySchema, listTopicsQuerySchema, subjectListSchema, topicListSchema } from "./curriculum";
import { externalItemListSchema, externalItemSchema, listExternalItemsQuerySchema } from "./external-items";
import { healthSchema } from "./health";
import {
  completeUploadSchema,
  createMaterialSchema,
  createUploadSchema,
  h5pResultSchema,
  listMaterialsQuerySchema,
  materialKindSchema,
  materialListSchema,
  materialSchema,
  materialVersionListSchema,
  processingSchema,
  derivedFileSchema,
  updateMaterialSchema,
  uploadedPartsSchema,
  uploadPartUrlSchema,
  uploadSchema,
} from "./materials";
import { PROBLEM_CONTENT_TYPE, problemSchema } from "./problem";
import {
  confirmImportResultSchema,
  confirmImportSchema,
  exportQuestionsQuerySchema,
  importFormatSchema,
  importViewSchema,
  MAX_IMPORT_BYTES,
} from "./question-import";
import {
  bulkQuestionActionSchema,
  listQuestionsQuerySchema,
  questionListSchema,
  questionViewSchema,
  saveQuestionSchema,
} from "./questions";
import {
  classUseInputSchema,
  classUseSchema,
  commentInputSchema,
  commentSchema,
  copyResultSchema,
  ratingInputSchema,
  reportInputSchema,
  repositoryPageSchema,
  repositoryQuerySchema,
} from "./sharing";
import { globalSearchQuerySchema, globalSearchResultSchema } from "./search";
import { repositoryStatisticsQuerySchema, repositoryStatisticsSchema } from "./statistics";
import { z } from "zod";

export const API_PREFIX = "/api/v1";

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

const commonErrors: ZodOpenApiResponsesObject = {
  "500": problemResponse("Lỗi máy chủ."),
};

const authenticated: Pick<ZodOpenApiOperationObject, "security"> = { security: [{ accessToken: [] }, { sessionCookie: [] }] };
const readErrors: ZodOpenApiResponsesObject = {
  "400": problemResponse("Tham số không hợp lệ."),
  "401": problemResponse("Chưa đăng nhập."),
  "404": problemResponse("Không tìm thấy hoặc không có quyền xem."),
};
const writeErrors: ZodOpenApiResponsesObject = {
  ...readErrors,
  "403": problemResponse("Không có quyền."),
  "409": problemResponse("Xung đột: dữ liệu vừa thay đổi hoặc trạng thái không cho phép."),
  "422": problemResponse("Nội dung bị từ chối (lý do bằng tiếng Việt)."),
};
const uploadPath = z.object({ uploadId: z.string() });
const materialPath = z.object({ materialId: z.string() });
const questionPath = z.object({ questionId: z.string() });
const importPath = z.object({ importId: z.string() });
const assessmentPath = z.object({ assessmentId: z.string() });
const assignmentPath = z.object({ assignmentId: z.string() });
const attemptPath = z.object({ attemptId: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const importLimitMb = Math.round(MAX_IMPORT_BYTES / (1024 * 1024));

/** `GET …/questions/export`: the route reads `ids` repeated or comma separated, so it is described as an array here. */
const exportQuestionsParams = z.object({
  format: exportQuestionsQuerySchema.shape.format.meta({
    description:
      "docx: Word (công thức toán giữ dạng phương trình); moodle_xml: Moodle XML; gift: Moodle GIFT; qti: gói QTI 3.0 (.zip).",
  }),
  ids: z
    .array(z.string().regex(/^[a-f0-9]{24}$/))
    .min(1)
    .max(500)
    .meta({
      description:
        "Mã các câu hỏi, theo thứ tự muốn xuất: lặp lại tham số (ids=…&ids=…) hoặc ngăn cách bằng dấu phẩy. Câu hỏi không được xem thì bị bỏ qua.",
    }),
  answers: exportQuestionsQuerySchema.shape.answers.meta({
    description: "Kèm đáp án và lời giải (chỉ áp dụng cho Word; các định dạng trao đổi luôn có đáp án).",
  }),
});
const exportFile = (description: string) => ({ schema: z.file().meta({ description }) });

function operation(spec: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return { ...spec, responses: { ...commonErrors, ...spec.responses } };
}

/**
 * The public JSON API contract, generated from the same zod schemas the routes validate with.
 * Served at /api/v1/openapi.json; each feature adds its paths here.
 */
export function buildOpenApiDocument(version: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Kho Học Liệu API",
      version,
      description:
        "API JSON để phần mềm quản lý trường học, ứng dụng di động và hệ thống khác kết nối với Kho Học Liệu. Lỗi trả về theo RFC 9457 (application/problem+json) với `detail` bằng tiếng Việt.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        accessToken: {
          type: "http",
          scheme: "bearer",
          description:
            "Mã truy cập cá nhân (khl_…) tạo ở trang Tài khoản → Mã truy cập API; quyền read cho GET, write cho thao tác ghi.",
        },
        sessionCookie: { type: "apiKey", in: "cookie", name: "khl_session", description: "Phiên đăng nhập (POST /login)." },
      },
    },
    paths: {
      "/healthz": {
        get: operation({
          operationId: "getHealth",
          summary: "Trạng thái hệ thống",
          tags: ["system"],
          responses: {
            "200": { description: "Mọi dịch vụ hoạt động.", content: { "application/json": { schema: healthSchema } } },
            "503": {
              description: "Ít nhất một dịch vụ không hoạt động; trường tương ứng là `down`.",
              content: { "application/json": { schema: healthSchema } },
            },
          },
        }),
      },
      [`${API_PREFIX}/openapi.json`]: {
        get: operation({
          operationId: "getOpenApiDocument",
          summary: "Tài liệu OpenAPI này",
          tags: ["system"],
          responses: { "200": { description: "Tài liệu OpenAPI 3.1.", content: { "application/json": {} } } },
        }),
      },
      [`${API_PREFIX}/me`]: {
        get: operation({
          operationId: "getMe",
          summary: "Người dùng đang đăng nhập",
          tags: ["auth"],
          security: [{ accessToken: [] }, { sessionCookie: [] }],
          responses: {
            "200": { description: "Tài khoản và vai trò.", content: { "application/json": { schema: meSchema } } },
            "401": problemResponse("Chưa đăng nhập."),
          },
        }),
      },
      [`${API_PREFIX}/curriculum/topics`]: {
        get: operation({
          operationId: "listCurriculumTopics",
          summary: "Chủ đề và yêu cầu cần đạt của một môn ở một khối",
          tags: ["curriculum"],
          requestParams: { query: listTopicsQuerySchema },
          responses: {
            "200": { description: "Các chủ đề theo thứ tự.", content: { "application/json": { schema: topicListSchema } } },
            "400": problemResponse("Tham số không hợp lệ."),
          },
        }),
      },
      [`${API_PREFIX}/uploads`]: {
        post: operation({
          operationId: "createUpload",
          summary: "Bắt đầu tải tệp lên (multipart, thẳng vào kho lưu trữ)",
          description:
            "Kích thước khai báo được kiểm tra theo loại. Sau đó xin địa chỉ cho từng phần (partSize byte, phần cuối có thể nhỏ hơn), PUT từng phần lên địa chỉ đó, giữ ETag trả về, rồi gọi complete.",
          tags: ["materials"],
          ...authenticated,
          requestBody: { content: { "application/json": { schema: createUploadSchema } } },
          responses: {
            "201": { description: "Đã mở phiên tải lên.", content: { "application/json": { schema: uploadSchema } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/uploads/{uploadId}`]: {
        delete: operation({
          operationId: "abortUpload",
          summary: "Hủy tải lên và xóa phần đã gửi",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: uploadPath },
          responses: { "204": { description: "Đã hủy." }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/uploads/{uploadId}/parts`]: {
        get: operation({
          operationId: "listUploadParts",
          summary: "Các phần kho lưu trữ đã nhận (để tải tiếp sau khi mất kết nối)",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: uploadPath },
          responses: {
            "200": { description: "Các phần đã nhận.", content: { "application/json": { schema: uploadedPartsSchema } } },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/uploads/{uploadId}/parts/{partNumber}`]: {
        get: operation({
          operationId: "signUploadPart",
          summary: "Địa chỉ có chữ ký để PUT một phần của tệp",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: uploadPath.extend({ partNumber: z.coerce.number().int().min(1) }) },
          responses: {
            "200": { description: "Địa chỉ PUT.", content: { "application/json": { schema: uploadPartUrlSchema } } },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/uploads/{uploadId}/complete`]: {
        post: operation({
          operationId: "completeUpload",
          summary: "Hoàn tất tải lên; máy chủ kiểm tra nội dung tệp",
          description:
            "Loại tệp được nhận biết từ nội dung (không theo tên), kích thước theo giới hạn của loại, gói H5P và ảnh SVG được kiểm tra kỹ. Tệp bị từ chối được xóa ngay (422 với lý do bằng tiếng Việt).",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: uploadPath },
          requestBody: { content: { "application/json": { schema: completeUploadSchema } } },
          responses: {
            "200": {
              description: "Tệp hợp lệ, sẵn sàng gắn vào học liệu.",
              content: { "application/json": { schema: uploadSchema } },
            },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials`]: {
        get: operation({
          operationId: "listMyMaterials",
          summary: "Học liệu của người gọi, có lọc và phân trang",
          tags: ["materials"],
          ...authenticated,
          requestParams: { query: listMaterialsQuerySchema },
          responses: {
            "200": { description: "Một trang học liệu.", content: { "application/json": { schema: materialListSchema } } },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "createMaterial",
          summary: "Tạo học liệu (phiên bản nháp 1)",
          tags: ["materials"],
          ...authenticated,
          requestBody: { content: { "application/json": { schema: createMaterialSchema } } },
          responses: {
            "201": { description: "Đã tạo.", content: { "application/json": { schema: z.object({ id: z.string() }) } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}`]: {
        get: operation({
          operationId: "getMaterial",
          summary: "Một học liệu, với phiên bản người gọi được xem",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: materialPath, query: z.object({ version: z.coerce.number().int().min(1).optional() }) },
          responses: {
            "200": { description: "Học liệu.", content: { "application/json": { schema: materialSchema } } },
            ...readErrors,
          },
        }),
        patch: operation({
          operationId: "updateMaterial",
          summary: "Sửa học liệu",
          description: "Bản nháp được sửa tại chỗ; phiên bản đã duyệt hoặc đã gửi duyệt thì tạo phiên bản nháp mới.",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: materialPath },
          requestBody: { content: { "application/json": { schema: updateMaterialSchema } } },
          responses: {
            "200": {
              description: "Đã lưu.",
              content: { "application/json": { schema: z.object({ id: z.string(), version: z.number().int() }) } },
            },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/versions`]: {
        get: operation({
          operationId: "listMaterialVersions",
          summary: "Lịch sử phiên bản",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: materialPath },
          responses: {
            "200": {
              description: "Các phiên bản, mới nhất trước.",
              content: { "application/json": { schema: materialVersionListSchema } },
            },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/processing`]: {
        get: operation({
          operationId: "getMaterialProcessing",
          summary: "Trạng thái xử lý tệp và các tệp phái sinh",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: materialPath },
          responses: {
            "200": {
              description: "Trạng thái và tệp phái sinh (ảnh bìa, trang xem trước, PDF…).",
              content: {
                "application/json": {
                  schema: z.object({
                    version: z.number().int(),
                    processing: processingSchema,
                    derived: z.array(derivedFileSchema),
                  }),
                },
              },
            },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "retryMaterialProcessing",
          summary: "Xử lý lại tệp của phiên bản mới nhất",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: materialPath },
          responses: { "202": { description: "Đã xếp hàng xử lý." }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/h5p-results`]: {
        post: operation({
          operationId: "recordH5pResult",
          summary: "Ghi kết quả làm bài H5P (xAPI answered/completed)",
          tags: ["materials"],
          ...authenticated,
          requestParams: { path: materialPath },
          requestBody: { content: { "application/json": { schema: h5pResultSchema } } },
          responses: {
            "201": { description: "Đã ghi.", content: { "application/json": { schema: z.object({ id: z.string() }) } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/repository`]: {
        get: operation({
          operationId: "browseRepository",
          summary: "Kho học liệu dùng chung: học liệu đã xuất bản người gọi được xem, có đếm theo bộ lọc",
          description:
            "Theo quy tắc chia sẻ: học liệu của trường mình (phạm vi ≥ trường), các trường cùng Phòng (≥ Phòng), cùng Sở (≥ Sở) và toàn quốc. `facets` đếm trên đúng tập đó.",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { query: repositoryQuerySchema },
          responses: {
            "200": { description: "Một trang kết quả.", content: { "application/json": { schema: repositoryPageSchema } } },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/search`]: {
        get: operation({
          operationId: "searchEverything",
          summary: "Tìm cùng lúc trong kho dùng chung, ngân hàng câu hỏi và học liệu từ kho khác",
          description:
            "Mỗi mục là trang đầu (5 kết quả) của danh sách riêng của nó cho cùng từ khóa, với đúng quyền xem và tổng số của danh sách đó: `materials` như GET /api/v1/repository?q= (phù hợp nhất trước), `questions` như GET /api/v1/questions?q=, `externalItems` như GET /api/v1/external-items?q=. Mục người gọi không được dùng là null; học sinh nhận 403.",
          tags: ["search"],
          ...authenticated,
          requestParams: { query: globalSearchQuerySchema },
          responses: {
            "200": { description: "Các mục kết quả.", content: { "application/json": { schema: globalSearchResultSchema } } },
            ...readErrors,
            "403": problemResponse("Học sinh không có gì để tìm ở đây."),
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/class-uses`]: {
        get: operation({
          operationId: "listClassUses",
          summary: "Các lớp của người gọi đang được giao học liệu này",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          responses: {
            "200": {
              description: "Các lần giao.",
              content: { "application/json": { schema: z.object({ items: z.array(classUseSchema) }) } },
            },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "useInClass",
          summary: "Dùng cho lớp: giao phiên bản đã duyệt cho một lớp người gọi dạy",
          description: "Giao lại cho cùng lớp thì cập nhật ngày mở/đóng và ghim phiên bản đang dùng.",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          requestBody: { content: { "application/json": { schema: classUseInputSchema } } },
          responses: {
            "201": { description: "Đã giao.", content: { "application/json": { schema: classUseSchema } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/copies`]: {
        post: operation({
          operationId: "copyToMySchool",
          summary: "Sao chép về trường: bản nháp mới của trường người gọi, ghi nguồn (derivedFrom)",
          description: "Không dùng được với giấy phép «Giữ bản quyền» hay CC BY-ND (403).",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          responses: {
            "201": { description: "Đã sao chép.", content: { "application/json": { schema: copyResultSchema } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/rating`]: {
        put: operation({
          operationId: "rateMaterial",
          summary: "Đánh giá 1–5 sao (thay đánh giá trước của người gọi)",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          requestBody: { content: { "application/json": { schema: ratingInputSchema } } },
          responses: {
            "200": {
              description: "Đánh giá của người gọi và trung bình mới.",
              content: {
                "application/json": {
                  schema: z.object({ mine: z.number().int(), average: z.number().nullable(), count: z.number().int() }),
                },
              },
            },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/comments`]: {
        get: operation({
          operationId: "listMaterialComments",
          summary: "Nhận xét của giáo viên, mới nhất trước",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          responses: {
            "200": {
              description: "Các nhận xét.",
              content: { "application/json": { schema: z.object({ items: z.array(commentSchema) }) } },
            },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "addMaterialComment",
          summary: "Gửi nhận xét",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          requestBody: { content: { "application/json": { schema: commentInputSchema } } },
          responses: {
            "201": { description: "Đã gửi.", content: { "application/json": { schema: z.object({ id: z.string() }) } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/materials/{materialId}/reports`]: {
        post: operation({
          operationId: "reportMaterialProblem",
          summary: "Báo cáo vấn đề: gửi lại tổ chuyên môn đã duyệt và tác giả",
          tags: ["sharing"],
          ...authenticated,
          requestParams: { path: materialPath },
          requestBody: { content: { "application/json": { schema: reportInputSchema } } },
          responses: {
            "201": { description: "Đã gửi.", content: { "application/json": { schema: z.object({ id: z.string() }) } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/class-materials`]: {
        get: operation({
          operationId: "listClassMaterials",
          summary: "Học sinh: học liệu thầy cô giao cho lớp, đang mở hôm nay",
          tags: ["sharing"],
          ...authenticated,
          responses: {
            "200": {
              description: "Học liệu của lớp.",
              content: {
                "application/json": {
                  schema: z.object({ items: z.array(classUseSchema.extend({ kind: materialKindSchema })) }),
                },
              },
            },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/external-items`]: {
        get: operation({
          operationId: "listExternalItems",
          summary: "Học liệu thu thập từ kho khác (OAI-PMH), có lọc và phân trang",
          description:
            "Chỉ đọc: mỗi mục mở tại kho nguồn qua `url`. Dành cho giáo viên và cán bộ (học sinh nhận 403). `q` tìm trong tên và mô tả, có dấu hay không dấu đều được; `facets` đếm theo kho nguồn và theo môn học, lớp.",
          tags: ["interop"],
          ...authenticated,
          requestParams: { query: listExternalItemsQuerySchema },
          responses: {
            "200": {
              description: "Một trang, mới cập nhật trước.",
              content: { "application/json": { schema: externalItemListSchema } },
            },
            ...readErrors,
            "403": problemResponse("Học sinh không xem được học liệu từ kho khác."),
          },
        }),
      },
      [`${API_PREFIX}/external-items/{itemId}`]: {
        get: operation({
          operationId: "getExternalItem",
          summary: "Một học liệu thu thập từ kho khác",
          tags: ["interop"],
          ...authenticated,
          requestParams: { path: z.object({ itemId: z.string() }) },
          responses: {
            "200": { description: "Học liệu (chỉ đọc).", content: { "application/json": { schema: externalItemSchema } } },
            ...readErrors,
            "403": problemResponse("Học sinh không xem được học liệu từ kho khác."),
          },
        }),
      },
      [`${API_PREFIX}/statistics`]: {
        get: operation({
          operationId: "getRepositoryStatistics",
          summary: "Thống kê kho học liệu của một đơn vị",
          description:
            "Số học liệu theo loại, môn, trạng thái và phạm vi; người đóng góp; số lượt và thời gian thẩm định trong khoảng ngày; lượt xem, tải, dùng cho lớp, sao chép. Đơn vị cấp Phòng/Sở/Bộ có thêm bảng từng trường. Giáo viên xem trường mình; quản trị và chuyên viên xem đơn vị mình và các đơn vị trực thuộc.",
          tags: ["statistics"],
          ...authenticated,
          requestParams: { query: repositoryStatisticsQuerySchema },
          responses: {
            "200": {
              description: "Số liệu của đơn vị.",
              content: { "application/json": { schema: repositoryStatisticsSchema } },
            },
            ...readErrors,
            "403": problemResponse("Không có quyền xem số liệu của đơn vị này."),
          },
        }),
      },
      [`${API_PREFIX}/questions`]: {
        get: operation({
          operationId: "listQuestions",
          summary: "Ngân hàng câu hỏi: câu hỏi người gọi được xem, có lọc và phân trang",
          description:
            "owner=mine: câu hỏi người gọi soạn, mọi trạng thái; owner=bank: mọi câu hỏi được xem (của mình và được chia sẻ). `q` tìm trong đề, có dấu hay không dấu đều được. `matrix` đếm các câu hỏi theo bộ lọc theo chủ đề × mức độ nhận thức (để lập ma trận đề).",
          tags: ["questions"],
          ...authenticated,
          requestParams: { query: listQuestionsQuerySchema },
          responses: {
            "200": {
              description: "Một trang câu hỏi, mới cập nhật trước.",
              content: { "application/json": { schema: questionListSchema } },
            },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "createQuestion",
          summary: "Tạo câu hỏi (bản nháp, phiên bản 1) của trường người gọi",
          description:
            "Môn, khối và chủ đề được kiểm tra theo chương trình (422). Đề trùng với câu hỏi đã có của trường bị từ chối (409) trừ khi `allowDuplicate`.",
          tags: ["questions"],
          ...authenticated,
          requestBody: { content: { "application/json": { schema: saveQuestionSchema } } },
          responses: {
            "201": { description: "Đã tạo.", content: { "application/json": { schema: z.object({ id: z.string() }) } } },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/questions/{questionId}`]: {
        get: operation({
          operationId: "getQuestion",
          summary: "Một câu hỏi, với phiên bản người gọi được xem",
          description: "Người có quyền sửa xem phiên bản mới nhất; người khác xem phiên bản đã duyệt.",
          tags: ["questions"],
          ...authenticated,
          requestParams: { path: questionPath },
          responses: {
            "200": { description: "Câu hỏi.", content: { "application/json": { schema: questionViewSchema } } },
            ...readErrors,
          },
        }),
        put: operation({
          operationId: "updateQuestion",
          summary: "Sửa câu hỏi",
          description:
            "Bản nháp (hoặc bản cần chỉnh sửa) được sửa tại chỗ; phiên bản đã duyệt hoặc đã gửi duyệt thì tạo phiên bản nháp mới, phiên bản cũ vẫn được dùng đến khi bản mới được duyệt. Đề trùng bị từ chối (409) trừ khi `allowDuplicate`.",
          tags: ["questions"],
          ...authenticated,
          requestParams: { path: questionPath },
          requestBody: { content: { "application/json": { schema: saveQuestionSchema } } },
          responses: {
            "200": {
              description: "Đã lưu.",
              content: { "application/json": { schema: z.object({ id: z.string(), version: z.number().int() }) } },
            },
            ...writeErrors,
          },
        }),
        delete: operation({
          operationId: "deleteQuestion",
          summary: "Xoá câu hỏi",
          description: "Chỉ xoá được câu hỏi của mình chưa từng được duyệt (403 nếu không).",
          tags: ["questions"],
          ...authenticated,
          requestParams: { path: questionPath },
          responses: { "204": { description: "Đã xoá." }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/questions/bulk`]: {
        post: operation({
          operationId: "bulkQuestionAction",
          summary: "Sửa thông tin phân loại hoặc xoá nhiều câu hỏi cùng lúc",
          description:
            "set_metadata đổi chủ đề, mức độ, độ khó hoặc thêm nhãn cho các câu hỏi người gọi được sửa đang ở bản nháp hoặc cần chỉnh sửa; delete xoá các câu hỏi của mình chưa từng được duyệt. Câu hỏi không đổi được thì được đếm vào `refused`.",
          tags: ["questions"],
          ...authenticated,
          requestBody: { content: { "application/json": { schema: bulkQuestionActionSchema } } },
          responses: {
            "200": {
              description: "Số câu hỏi đã đổi và bị từ chối.",
              content: {
                "application/json": { schema: z.object({ changed: z.number().int(), refused: z.number().int() }) },
              },
            },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/questions/export`]: {
        get: operation({
          operationId: "exportQuestions",
          summary: "Xuất câu hỏi ra Word, Moodle XML, GIFT hoặc gói QTI 3.0",
          description:
            "Mỗi câu hỏi được xuất như người gọi thấy (phiên bản mới nhất của mình, phiên bản đã duyệt của người khác), theo thứ tự `ids`. Tệp trả về dạng tải xuống (Content-Disposition: attachment).",
          tags: ["question-import"],
          ...authenticated,
          requestParams: { query: exportQuestionsParams },
          responses: {
            "200": {
              description: "Tệp câu hỏi; loại nội dung theo `format`.",
              headers: z.object({
                "Content-Disposition": z.string().meta({ description: 'attachment; filename="cau-hoi-YYYY-MM-DD.<đuôi>"' }),
              }),
              content: {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": exportFile("format=docx: tệp Word."),
                "application/xml": { schema: z.string().meta({ description: "format=moodle_xml: Moodle XML (UTF-8)." }) },
                "text/plain": { schema: z.string().meta({ description: "format=gift: Moodle GIFT (UTF-8)." }) },
                "application/zip": exportFile("format=qti: gói QTI 3.0."),
              },
            },
            ...readErrors,
            "404": problemResponse("Không có câu hỏi nào người gọi được xem trong `ids`."),
          },
        }),
      },
      [`${API_PREFIX}/questions/imports`]: {
        post: operation({
          operationId: "readQuestionFile",
          summary: "Đọc tệp câu hỏi để nhập (Word, Moodle XML, GIFT, QTI)",
          description: `Trả về mọi câu hỏi tìm thấy trong tệp, kèm văn bản gốc và lý do không đọc được (nếu có); loại câu hỏi không hỗ trợ được liệt kê riêng. Chưa nhập gì cho đến khi gọi POST …/imports/{importId}/confirm. Tệp tối đa ${importLimitMb} MB; chỉ giáo viên (403).`,
          tags: ["question-import"],
          ...authenticated,
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: z.object({
                  file: z
                    .file()
                    .max(MAX_IMPORT_BYTES)
                    .meta({ description: "Tệp câu hỏi: .docx, .xml (Moodle), .gift/.txt hoặc gói QTI .zip." }),
                  format: importFormatSchema,
                }),
              },
            },
          },
          responses: {
            "201": {
              description: "Đã đọc tệp; xem lại rồi xác nhận để nhập.",
              content: { "application/json": { schema: importViewSchema } },
            },
            ...writeErrors,
            "413": problemResponse(`Tệp lớn hơn ${importLimitMb} MB.`),
          },
        }),
      },
      [`${API_PREFIX}/questions/imports/{importId}`]: {
        get: operation({
          operationId: "getQuestionImport",
          summary: "Kết quả đọc một tệp câu hỏi (chỉ lần nhập của người gọi)",
          tags: ["question-import"],
          ...authenticated,
          requestParams: { path: importPath },
          responses: {
            "200": { description: "Lần nhập.", content: { "application/json": { schema: importViewSchema } } },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/questions/imports/{importId}/confirm`]: {
        post: operation({
          operationId: "confirmQuestionImport",
          summary: "Xác nhận nhập: tạo câu hỏi nháp của trường từ tệp đã đọc, phân loại như đã chọn",
          description:
            "Chỉ nhập được một lần (409 nếu đã nhập). Câu có lỗi không được nhập (`refused`); đề trùng với câu hỏi đã có của trường được báo trong `duplicates` trừ khi `allowDuplicates`. `level` dùng cho câu mà tệp không ghi mức độ; không có `indexes` thì nhập mọi câu nhập được.",
          tags: ["question-import"],
          ...authenticated,
          requestParams: { path: importPath },
          requestBody: { content: { "application/json": { schema: confirmImportSchema } } },
          responses: {
            "201": {
              description: "Các câu đã tạo, bị trùng và bị từ chối.",
              content: { "application/json": { schema: confirmImportResultSchema } },
            },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/assessments`]: {
        get: operation({
          operationId: "listAssessments",
          summary: "Bài kiểm tra của người gọi (mới sửa trước)",
          tags: ["assessments"],
          ...authenticated,
          responses: {
            "200": { description: "Các bài kiểm tra.", ...json(z.object({ items: z.array(assessmentSummarySchema) })) },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "createAssessment",
          summary: "Tạo bài kiểm tra, từ ma trận đề (blueprint) hoặc để thêm câu hỏi bằng tay",
          tags: ["assessments"],
          ...authenticated,
          requestBody: json(createAssessmentSchema),
          responses: { "201": { description: "Đã tạo.", ...json(z.object({ id: z.string() })) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/assessments/{assessmentId}`]: {
        get: operation({
          operationId: "getAssessment",
          summary: "Một bài kiểm tra: ma trận, câu hỏi (phiên bản được ghim), mã đề, các lớp đã giao",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath },
          responses: { "200": { description: "Bài kiểm tra.", ...json(assessmentViewSchema) }, ...readErrors },
        }),
        delete: operation({
          operationId: "deleteAssessment",
          summary: "Xoá bài kiểm tra chưa giao cho lớp nào",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath },
          responses: { "204": { description: "Đã xoá." }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/assessments/{assessmentId}/items`]: {
        post: operation({
          operationId: "addAssessmentItem",
          summary: "Thêm một câu hỏi đã duyệt vào bài kiểm tra (ghim phiên bản đang dùng)",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath },
          requestBody: json(addAssessmentItemSchema),
          responses: { "201": { description: "Đã thêm.", ...json(z.object({ id: z.string() })) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/assessments/{assessmentId}/items/{itemKey}/key`]: {
        put: operation({
          operationId: "correctKey",
          summary: "Sửa đáp án một câu của bài kiểm tra đã giao và chấm lại mọi bài đã nộp",
          description: "Dạng câu hỏi và các phương án phải giữ nguyên (422). Việc sửa được ghi vào nhật ký kiểm tra.",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath.extend({ itemKey: z.string() }) },
          requestBody: json(correctKeySchema),
          responses: {
            "200": { description: "Số bài đã chấm lại.", ...json(z.object({ regraded: z.number().int() })) },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/assessments/{assessmentId}/versions`]: {
        post: operation({
          operationId: "generateVersions",
          summary: "Bốc câu hỏi theo ma trận (khi cần) và tạo các mã đề",
          description:
            "Trước khi bốc, kiểm tra từng ô của ma trận; nếu ngân hàng không đủ câu, trả 422 và liệt kê các ô thiếu trong `errors` (path `cells.<chủ đề>.<dạng>.<mức độ>`), không lưu gì.",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath },
          requestBody: json(generateVersionsSchema),
          responses: { "200": { description: "Đã tạo mã đề.", ...json(z.object({ id: z.string() })) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/assessments/{assessmentId}/assignments`]: {
        get: operation({
          operationId: "listAssignments",
          summary: "Các lớp đã được giao bài kiểm tra, số học sinh đã nộp",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath },
          responses: {
            "200": {
              description: "Các lần giao.",
              ...json(
                z.object({
                  items: z.array(
                    assignmentSummarySchema.extend({ className: z.string(), students: z.number(), submitted: z.number() }),
                  ),
                }),
              ),
            },
            ...readErrors,
          },
        }),
        post: operation({
          operationId: "assignAssessment",
          summary: "Giao bài kiểm tra cho một lớp mình dạy",
          description:
            "Thời gian mở/đóng, thời gian làm bài, số lần làm, mã vào phòng thi, dải IP được phép, chính sách xem kết quả, cộng thêm thời gian cho từng học sinh. Sau khi giao, câu hỏi và mã đề không đổi được nữa.",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assessmentPath },
          requestBody: json(assignAssessmentSchema),
          responses: { "201": { description: "Đã giao.", ...json(z.object({ id: z.string() })) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/assignments`]: {
        get: operation({
          operationId: "listMyTests",
          summary: "Học sinh: các bài kiểm tra được giao cho lớp mình, với lần làm gần nhất",
          tags: ["attempts"],
          ...authenticated,
          responses: {
            "200": {
              description: "Các bài kiểm tra.",
              ...json(
                z.object({
                  items: z.array(
                    assignmentSummarySchema.extend({
                      attemptsUsed: z.number().int(),
                      latest: z.object({ id: z.string(), status: z.string(), deadline: z.iso.datetime() }).nullable(),
                    }),
                  ),
                }),
              ),
            },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/assignments/{assignmentId}/attempts`]: {
        post: operation({
          operationId: "startAttempt",
          summary: "Học sinh bắt đầu (hoặc làm tiếp) bài kiểm tra",
          description:
            "Mỗi học sinh và lần làm chỉ có một bài làm: gọi lại trả về đúng bài làm đó. Máy chủ chọn mã đề và tính hạn nộp (không dùng đồng hồ của máy học sinh). Trả về đề (không có đáp án) và các câu đã lưu.",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: assignmentPath },
          requestBody: json(startAttemptSchema),
          responses: { "201": { description: "Bài làm.", ...json(attemptViewSchema) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/assignments/{assignmentId}/results`]: {
        get: operation({
          operationId: "classResults",
          summary: "Kết quả của lớp: từng học sinh, phân bố điểm, phân tích câu hỏi và độ tin cậy",
          tags: ["assessments"],
          ...authenticated,
          requestParams: { path: assignmentPath },
          responses: {
            "200": {
              description: "Kết quả.",
              ...json(classResultsSchema.extend({ items: assessmentViewSchema.shape.items })),
            },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}`]: {
        get: operation({
          operationId: "getAttempt",
          summary: "Bài làm của học sinh: đề theo mã đề, các câu đã lưu, hạn nộp theo giờ máy chủ",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath, query: z.object({ deviceId: z.string().optional() }) },
          responses: { "200": { description: "Bài làm.", ...json(attemptViewSchema) }, ...readErrors },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}/responses/{itemKey}`]: {
        put: operation({
          operationId: "saveResponse",
          summary: "Lưu câu trả lời của một câu",
          description:
            "`seq` tăng dần theo từng lần sửa trên máy học sinh. Gửi lại cùng `seq` không đổi gì (`duplicate`); `seq` cũ hơn câu đã lưu không ghi đè (`newer_kept`). Luôn trả về câu trả lời máy chủ đang giữ. 409 khi bài đã nộp hoặc đã hết giờ.",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath.extend({ itemKey: z.string() }) },
          requestBody: json(saveResponseSchema),
          responses: { "200": { description: "Câu trả lời máy chủ đang giữ.", ...json(savedResponseSchema) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}/responses/{itemKey}/photos`]: {
        post: operation({
          operationId: "addEssayPhoto",
          summary: "Gửi một ảnh chụp bài tự luận làm trên giấy",
          description: `Chỉ cho câu tự luận cho phép nộp ảnh, khi bài còn đang làm. Ảnh JPEG, PNG hoặc WebP (nhận theo nội dung tệp, không theo tên), tối đa ${ESSAY_PHOTO_RULES.maxMegabytes} MB và ${ESSAY_PHOTO_RULES.maxMegapixels} triệu điểm ảnh. Máy chủ lưu ảnh đã vẽ lại: xoay đúng chiều, cạnh dài nhất tối đa ${ESSAY_PHOTO_RULES.longSide} px, dạng JPEG, bỏ mọi thông tin máy ảnh ghi kèm (vị trí GPS, loại máy). Sau khi gửi, ghi \`id\` của ảnh vào \`photoUploadIds\` của câu trả lời (PUT …/responses/{itemKey}); câu trả lời chỉ được nêu ảnh đã gửi cho đúng câu này của bài làm (422), tối đa ${ESSAY_PHOTO_RULES.maxPerItem} ảnh.`,
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath.extend({ itemKey: z.string() }) },
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: z.object({
                  photo: z.file().max(ESSAY_PHOTO_RULES.maxBytes).meta({ description: "Ảnh bài làm." }),
                }),
              },
            },
          },
          responses: {
            "201": { description: "Đã lưu ảnh.", ...json(attemptPhotoSchema) },
            ...writeErrors,
            "413": problemResponse(`Ảnh lớn hơn ${ESSAY_PHOTO_RULES.maxMegabytes} MB.`),
            "415": problemResponse("Nội dung gửi lên không phải biểu mẫu multipart/form-data."),
          },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}/photos/{photoId}`]: {
        get: operation({
          operationId: "getEssayPhoto",
          summary: "Xem một ảnh bài làm (học sinh làm bài, giáo viên ra đề, quản trị cấp trên)",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath.extend({ photoId: z.string() }) },
          responses: {
            "302": {
              description: "Chuyển tới địa chỉ tải ảnh trong kho lưu trữ (hết hạn sau ít phút).",
              headers: z.object({ Location: z.string() }),
            },
            ...readErrors,
          },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}/submit`]: {
        post: operation({
          operationId: "submitAttempt",
          summary: "Nộp bài (gọi lại khi đã nộp không đổi gì)",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath },
          responses: { "200": { description: "Đã nộp.", ...json(submittedAttemptSchema) }, ...writeErrors },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}/events`]: {
        post: operation({
          operationId: "recordIntegrityEvents",
          summary: "Ghi các sự kiện khi làm bài (rời thẻ, rời cửa sổ, thoát toàn màn hình, mất/có mạng) cho giáo viên xem",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath },
          requestBody: json(integrityEventsSchema),
          responses: {
            "201": { description: "Đã ghi.", ...json(z.object({ recorded: z.number().int() })) },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/attempts/{attemptId}/result`]: {
        get: operation({
          operationId: "getAttemptResult",
          summary: "Kết quả bài làm",
          description:
            "Giáo viên ra đề luôn xem được; học sinh xem theo chính sách của lần giao (ngay khi nộp / sau khi đóng / không) — 403 khi chưa được xem.",
          tags: ["attempts"],
          ...authenticated,
          requestParams: { path: attemptPath },
          responses: {
            "200": { description: "Kết quả.", ...json(attemptResultSchema) },
            ...readErrors,
            "403": problemResponse("Chưa được xem kết quả."),
            "409": problemResponse("Bài làm chưa nộp."),
          },
        }),
      },
      [`${API_PREFIX}/grades`]: {
        post: operation({
          operationId: "gradeEssay",
          summary: "Giáo viên chấm một câu tự luận (điểm và nhận xét); bài được tính lại điểm",
          tags: ["assessments"],
          ...authenticated,
          requestBody: json(gradeEssaySchema),
          responses: {
            "200": {
              description: "Điểm bài làm (null khi còn câu chờ chấm).",
              ...json(z.object({ score: z.number().nullable() })),
            },
            ...writeErrors,
          },
        }),
      },
      [`${API_PREFIX}/subjects`]: {
        get: operation({
          operationId: "listSubjects",
          summary: "Danh mục môn học (Chương trình GDPT 2018)",
          tags: ["curriculum"],
          requestParams: { query: listSubjectsQuerySchema },
          responses: {
            "200": {
              description: "Các môn học theo thứ tự trong chương trình.",
              content: { "application/json": { schema: subjectListSchema } },
            },
            "400": problemResponse("Tham số không hợp lệ."),
          },
        }),
      },
    },
  });
}

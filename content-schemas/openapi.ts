import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { meSchema } from "./auth";
import { listSubjectsQuerySchema, listTopicsQuerySchema, subjectListSchema, topicListSchema } from "./curriculum";
import { healthSchema } from "./health";
import {
  completeUploadSchema,
  createMaterialSchema,
  createUploadSchema,
  h5pResultSchema,
  listMaterialsQuerySchema,
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

import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { meSchema } from "./auth";
import { listSubjectsQuerySchema, listTopicsQuerySchema, subjectListSchema, topicListSchema } from "./curriculum";
import { healthSchema } from "./health";
import { PROBLEM_CONTENT_TYPE, problemSchema } from "./problem";

export const API_PREFIX = "/api/v1";

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

const commonErrors: ZodOpenApiResponsesObject = {
  "500": problemResponse("Lỗi máy chủ."),
};

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

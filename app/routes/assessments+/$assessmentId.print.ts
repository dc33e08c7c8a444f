import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { printAssessment } from "~/domain/assessments/print.server";
import { download } from "~/utils/download.server";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The versions of a test to print (`?answers=1` adds the answer keys, `?format=pdf` converts with LibreOffice). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "pdf" ? "pdf" : "docx";
  const printed = await printAssessment(actor, params.assessmentId ?? "", {
    answerKey: url.searchParams.get("answers") === "1",
    format,
  });
  if (!printed) throw new Response("Không tìm thấy bài kiểm tra có mã đề để in.", { status: 404 });
  return download(printed.bytes, printed.fileName, format === "pdf" ? "application/pdf" : DOCX_TYPE);
}

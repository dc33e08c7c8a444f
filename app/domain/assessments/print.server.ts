import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Organisation } from "#models/organisation";
import type { Actor } from "~/auth/session.server";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { convertToPdf } from "~/domain/materials/derive/media-tools.server";
import { loadImage } from "~/domain/questions/import-export.server";
import { findAssessment } from "./assessments.server";
import { printVersionsDocx } from "./print-docx.server";

export interface PrintRequest {
  answerKey: boolean;
  format: "docx" | "pdf";
}

/** Every version of a test (and, for the teacher, its answer keys) as one Word file, or as PDF through LibreOffice. */
export async function printAssessment(actor: Actor, assessmentId: string, request: PrintRequest) {
  const assessment = await findAssessment(actor, assessmentId);
  if (!assessment || assessment.versions.length === 0) return null;
  const [school, labels] = await Promise.all([
    Organisation.findById(assessment.ownerOrganisationId, { name: 1 }).lean(),
    curriculumLabels(),
  ]);
  const docx = await printVersionsDocx(assessment, {
    schoolName: school?.name ?? "",
    subjectName: labels.subjects[assessment.subjectCode]?.vi ?? assessment.subjectCode,
    answerKey: request.answerKey,
    loadImage,
  });
  const baseName = `de-kiem-tra-${String(assessment._id).slice(-6)}${request.answerKey ? "-dap-an" : ""}`;
  if (request.format === "docx") return { bytes: docx, fileName: `${baseName}.docx` };
  const workDir = await mkdtemp(path.join(os.tmpdir(), "khl-print-"));
  try {
    const source = path.join(workDir, `${baseName}.docx`);
    await writeFile(source, docx);
    return { bytes: await readFile(await convertToPdf(source, workDir)), fileName: `${baseName}.pdf` };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

import type { Types } from "mongoose";
import type { DeliveredItem } from "#content-schemas/assessments";
import type { QuestionType, RichText } from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { renderRichTextHtml } from "~/utils/rich-text-html";
import { itemBody } from "./assessments.server";
import { inSections } from "./versions";

/**
 * What students are shown: a version's items with their HTML rendered once on the server (formulas included), in
 * the version's order, without any part of the answer key. Tests are fixed once assigned, so both the test and its
 * rendered versions are kept in memory for a short while: at the exam bell thousands of pages show the same items.
 */

const CACHE_MILLISECONDS = 30_000;
/** One read per test and period: requests arriving while it loads share it (the bench saw hundreds at each expiry). */
const assessments = new Map<string, { loading: Promise<AssessmentDoc | null>; loadedAt: number }>();
const rendered = new Map<string, DeliveredItem[]>();

/** The test an attempt belongs to (locked tests only change by key corrections, which call `forgetAssessment`). */
export function deliveredAssessment(assessmentId: Types.ObjectId): Promise<AssessmentDoc | null> {
  const key = String(assessmentId);
  const cached = assessments.get(key);
  if (cached && Date.now() - cached.loadedAt < CACHE_MILLISECONDS) return cached.loading;
  const loading = Assessment.findById(assessmentId).lean<AssessmentDoc>().exec();
  const entry = { loading, loadedAt: Date.now() };
  assessments.set(key, entry);
  // A missing test or a failed read is not kept.
  loading.then(
    (assessment) => !assessment && assessments.get(key) === entry && assessments.delete(key),
    () => assessments.get(key) === entry && assessments.delete(key),
  );
  return loading;
}

export function forgetAssessment(assessmentId: Types.ObjectId | string) {
  assessments.delete(String(assessmentId));
  for (const key of rendered.keys()) if (key.startsWith(`${String(assessmentId)}:`)) rendered.delete(key);
}

const letter = (index: number) => String.fromCharCode(65 + index);
const html = (doc: unknown) => renderRichTextHtml(doc as RichText);

function ordered<T extends { id: string }>(parts: readonly T[], order: readonly string[] | undefined): T[] {
  if (!order) return [...parts];
  return order.map((id) => parts.find((part) => part.id === id)).filter((part): part is T => Boolean(part));
}

export function deliveredItems(assessment: AssessmentDoc, versionCode: number): DeliveredItem[] {
  const cacheKey = `${String(assessment._id)}:${assessment.revision}:${versionCode}`;
  const cached = rendered.get(cacheKey);
  if (cached) return cached;
  const version = assessment.versions.find((candidate) => candidate.code === versionCode);
  const byKey = new Map(assessment.items.map((item) => [item.key, item]));
  const keys =
    version?.itemKeys ??
    inSections(assessment.items.map((item) => ({ ...item, type: item.type as QuestionType }))).map((item) => item.key);
  const partOrders = (version?.partOrders ?? {}) as Record<string, string[]>;
  const items = keys.flatMap((key, index): DeliveredItem[] => {
    const item = byKey.get(key);
    if (!item) return [];
    const body = itemBody(item);
    const delivered: DeliveredItem = {
      key,
      number: index + 1,
      section: body.type,
      type: body.type,
      points: item.points,
      stemHtml: html(item.stem),
      parts: [],
      matches: [],
      gaps: [],
      answerKind: null,
      allowPhoto: false,
    };
    switch (body.type) {
      case "single_choice":
      case "multiple_response":
        delivered.parts = ordered(body.options, partOrders[key]).map((option, at) => ({
          id: option.id,
          label: letter(at),
          html: html(option.content),
        }));
        break;
      case "true_false_group":
        delivered.parts = body.statements.map((statement, at) => ({
          id: statement.id,
          label: `${letter(at).toLowerCase()})`,
          html: html(statement.content),
        }));
        break;
      case "short_answer":
        delivered.answerKind = body.answer.kind;
        break;
      case "essay":
        delivered.allowPhoto = body.allowPhoto;
        break;
      case "matching":
        delivered.parts = body.premises.map((premise, at) => ({
          id: premise.id,
          label: String(at + 1),
          html: html(premise.content),
        }));
        delivered.matches = ordered(body.responses, partOrders[key]).map((response, at) => ({
          id: response.id,
          label: letter(at).toLowerCase(),
          html: html(response.content),
        }));
        break;
      case "ordering":
        delivered.parts = ordered(body.items, partOrders[key]).map((part, at) => ({
          id: part.id,
          label: String(at + 1),
          html: html(part.content),
        }));
        break;
      case "cloze":
        delivered.gaps = body.gaps.map((gap) => gap.key);
        break;
    }
    return [delivered];
  });
  rendered.set(cacheKey, items);
  return items;
}

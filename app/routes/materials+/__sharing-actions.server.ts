import { redirect } from "@remix-run/node";
import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import { commentInputSchema, ratingInputSchema, resolveReportSchema } from "#content-schemas/sharing";
import type { Actor } from "~/auth/session.server";
import { removeClassUse } from "~/domain/sharing/class-use.server";
import { copyToMySchool } from "~/domain/sharing/copy.server";
import { addComment, deleteComment, rateMaterial } from "~/domain/sharing/feedback.server";
import { resolveReport } from "~/domain/sharing/reports.server";
import { parseForm } from "~/utils/form.server";

const idField = (name: string) => z.object({ [name]: objectIdSchema });

type Outcome = { ok: true } | { ok: false; status: number; reason: string };

const failed = (errors: Record<string, string>) => ({ ok: false as const, status: 400, reason: Object.values(errors)[0] ?? "" });

/**
 * The material page's sharing intents: each parses its fields with the content schema and calls one domain
 * command. Returns null for intents that are not about sharing (the page handles review steps itself).
 */
export async function sharingAction(actor: Actor, materialId: string, intent: string, formData: FormData) {
  const outcome = async (): Promise<Outcome | Response | null> => {
    switch (intent) {
      case "copy": {
        const copied = await copyToMySchool(actor, materialId);
        return copied.ok ? redirect(`/materials/${copied.value.id}?copied=1`) : copied;
      }
      case "rate": {
        const form = parseForm(formData, ratingInputSchema);
        return form.data ? rateMaterial(actor, materialId, form.data.stars) : failed(form.errors);
      }
      case "comment": {
        const form = parseForm(formData, commentInputSchema);
        return form.data ? addComment(actor, materialId, form.data.body) : failed(form.errors);
      }
      case "delete_comment": {
        const form = parseForm(formData, idField("commentId"));
        return form.data ? deleteComment(actor, materialId, String(form.data.commentId)) : failed(form.errors);
      }
      case "remove_class_use": {
        const form = parseForm(formData, idField("classUseId"));
        return form.data ? removeClassUse(actor, String(form.data.classUseId)) : failed(form.errors);
      }
      case "resolve_report": {
        const form = parseForm(formData, resolveReportSchema);
        return form.data ? resolveReport(actor, materialId, form.data) : failed(form.errors);
      }
      default:
        return null;
    }
  };
  const result = await outcome();
  if (result === null || result instanceof Response) return result;
  return Response.json(result.ok ? { done: intent } : { error: result.reason, intent }, {
    status: result.ok ? 200 : result.status,
  });
}

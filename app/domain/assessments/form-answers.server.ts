import { ESSAY_PHOTO_RULES, type AttemptView } from "#content-schemas/assessments";
import type { Actor } from "~/auth/session.server";
import { addEssayPhoto } from "./attempt-photos.server";
import { saveResponse } from "./attempts.server";
import { changedResponse, photoField, photoFileField, responseField } from "./form-responses";

/**
 * Sends the photos chosen for one essay in a plain form post, as many as the answer has room for next to the photos it
 * keeps (the rest are refused unsent: an answer listing too many would be refused whole, its text with it); returns
 * the ids stored and how many were refused.
 */
async function sendPhotos(actor: Actor, attemptId: string, itemKey: string, form: FormData) {
  const ids: string[] = [];
  let refused = 0;
  const room = ESSAY_PHOTO_RULES.maxPerItem - new Set(form.getAll(photoField(itemKey))).size;
  for (const file of form.getAll(photoFileField(itemKey))) {
    if (!(file instanceof File)) continue;
    if (ids.length >= room) {
      refused += 1;
      continue;
    }
    const sent = await addEssayPhoto(actor, attemptId, itemKey, new Uint8Array(await file.arrayBuffer()));
    if (sent.ok) ids.push(sent.value.id);
    else refused += 1;
  }
  return { ids, refused };
}

/**
 * The quiz page's plain form post, for browsers where its script did not run: saves every item whose answer differs
 * from the stored one (next sequence number), an essay's new photos sent first and kept with it. Returns how many
 * photos were refused (wrong type, too large, too many), for the page to say so.
 */
export async function saveFormAnswers(
  actor: Actor,
  attempt: AttemptView,
  form: FormData,
  /** Fields left out of the form for their size: an item missing one is not saved (its stored answer stays). */
  oversized: readonly string[] = [],
): Promise<{ refusedPhotos: number }> {
  let refusedPhotos = oversized.filter((name) => attempt.items.some((item) => name === photoFileField(item.key))).length;
  for (const item of attempt.items) {
    if (oversized.some((name) => name === responseField(item.key) || name.startsWith(`${responseField(item.key)}.`))) continue;
    const stored = attempt.responses[item.key];
    const sent = item.allowPhoto ? await sendPhotos(actor, attempt.id, item.key, form) : { ids: [], refused: 0 };
    refusedPhotos += sent.refused;
    const values = (name: string) => [...form.getAll(name).map(String), ...(name === photoField(item.key) ? sent.ids : [])];
    const response = changedResponse(item, values, stored?.response);
    if (!response) continue;
    const saved = await saveResponse(actor, attempt.id, item.key, { seq: (stored?.seq ?? 0) + 1, response });
    if (!saved.ok && response.type === "essay") refusedPhotos += sent.ids.length;
  }
  return { refusedPhotos };
}

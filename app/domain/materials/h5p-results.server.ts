import type { z } from "zod";
import type { h5pResultSchema } from "#content-schemas/materials";
import { H5pResult } from "#models/h5p-result";
import type { Actor } from "~/auth/session.server";
import { readableVersionFiles, type MaterialResult } from "./materials.server";

/** Records a score or completion from the H5P player, for someone who may open that version. */
export async function recordH5pResult(
  actor: Actor,
  materialId: string,
  input: z.infer<typeof h5pResultSchema>,
): Promise<MaterialResult<{ id: string }>> {
  const files = await readableVersionFiles(actor, materialId, input.version);
  if (!files?.h5pPrefix) return { ok: false, status: 404, reason: "Không tìm thấy học liệu H5P này." };
  if (input.scoreRaw !== undefined && input.scoreMax !== undefined && input.scoreRaw > input.scoreMax) {
    return { ok: false, status: 422, reason: "Điểm đạt được lớn hơn điểm tối đa." };
  }
  const result = await H5pResult.create({
    materialId: files.material._id,
    version: input.version,
    userId: actor.id,
    organisationId: actor.organisationId,
    verb: input.verb,
    scoreRaw: input.scoreRaw ?? null,
    scoreMax: input.scoreMax ?? null,
    success: input.success ?? null,
    completion: input.completion ?? null,
  });
  return { ok: true, value: { id: String(result._id) } };
}

/** The person's latest recorded result on a material, shown under the player. */
export async function latestH5pResult(actor: Actor, materialId: string) {
  const latest = await H5pResult.findOne({ materialId, userId: actor.id }).sort({ at: -1 }).lean();
  return latest ? { scoreRaw: latest.scoreRaw ?? null, scoreMax: latest.scoreMax ?? null, at: latest.at.toISOString() } : null;
}

import { Types } from "mongoose";
import { Material, type MaterialDoc } from "#models/material";
import { MaterialComment, MaterialRating, type MaterialRatingDoc } from "#models/material-feedback";
import { Organisation } from "#models/organisation";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { outboxEvent } from "#models/outbox";
import { CHANGED_TOPIC, findReadableMaterial, ratingOf, type MaterialResult } from "~/domain/materials/materials.server";

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu." } as const;
const TEACHERS_ONLY = {
  ok: false,
  status: 403,
  reason: "Chỉ giáo viên và chuyên viên bộ môn mới đánh giá, nhận xét học liệu dùng chung.",
} as const;

/** Ratings and comments are teachers' professional judgement: teachers, group leaders and subject specialists give them. */
export const givesFeedback = (actor: Actor) =>
  actor.roles.some((binding) => binding.role === "teacher" || binding.role === "group_leader" || binding.role === "reviewer");

/** A published material a member of staff reads through the sharing rules (students, through a class, do not rate). */
async function sharedMaterial(actor: Actor, materialId: string): Promise<MaterialResult<MaterialDoc>> {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable || readable.pinnedVersion) return NOT_FOUND;
  if (!givesFeedback(actor)) return TEACHERS_ONLY;
  if (!readable.material.liveVersion) return { ok: false, status: 409, reason: "Chỉ đánh giá được học liệu đã được duyệt." };
  return { ok: true, value: readable.material };
}

/**
 * Rates a material 1–5; rating again replaces the earlier stars. The material's running sum changes by
 * the difference in the same request, so concurrent ratings never lose one (the rating upsert returns
 * what it replaced).
 */
export async function rateMaterial(actor: Actor, materialId: string, stars: number) {
  const found = await sharedMaterial(actor, materialId);
  if (!found.ok) return found;
  const material = found.value;
  if (String(material.createdBy) === actor.id) {
    return { ok: false, status: 403, reason: "Tác giả không tự đánh giá học liệu của mình." } as const;
  }
  const previous = await MaterialRating.findOneAndUpdate(
    { materialId: material._id, userId: new Types.ObjectId(actor.id) },
    { $set: { stars } },
    { upsert: true, returnDocument: "before" },
  ).lean<MaterialRatingDoc | null>();
  await Material.updateOne(
    { _id: material._id },
    {
      $inc: { "rating.count": previous ? 0 : 1, "rating.sum": stars - (previous?.stars ?? 0) },
      $push: { outbox: outboxEvent(CHANGED_TOPIC, { materialId: String(material._id) }) },
    },
    { timestamps: false },
  );
  const updated = await Material.findById(material._id, { rating: 1 }).lean<Pick<MaterialDoc, "rating">>();
  const { count = 0, sum = 0 } = updated?.rating ?? {};
  // Guarded by the sums it was computed from: if another rating landed meanwhile, that request stores the average.
  await Material.updateOne(
    { _id: material._id, "rating.count": count, "rating.sum": sum },
    { $set: { "rating.average": count > 0 ? sum / count : 0 } },
    { timestamps: false },
  );
  return { ok: true, value: { mine: stars, ...ratingOf(updated ?? {}) } } as const;
}

export async function myRating(actor: Actor, material: Pick<MaterialDoc, "_id">) {
  const rating = await MaterialRating.findOne({ materialId: material._id, userId: new Types.ObjectId(actor.id) }).lean();
  return rating?.stars ?? null;
}

export async function addComment(actor: Actor, materialId: string, body: string): Promise<MaterialResult<{ id: string }>> {
  const found = await sharedMaterial(actor, materialId);
  if (!found.ok) return found;
  const comment = await MaterialComment.create({
    materialId: found.value._id,
    authorId: actor.id,
    schoolId: actor.organisationId,
    body,
  });
  return { ok: true, value: { id: String(comment._id) } };
}

/** The comments on a material, newest first, with each author's name and school. */
export async function listComments(actor: Actor, material: Pick<MaterialDoc, "_id">) {
  const comments = await MaterialComment.find({ materialId: material._id, deletedAt: null })
    .sort({ createdAt: -1 })
    .limit(100)
    .lean();
  const [authors, schools] = await Promise.all([
    User.find({ _id: { $in: comments.map((comment) => comment.authorId) } }, { fullName: 1 }).lean(),
    Organisation.find({ _id: { $in: comments.map((comment) => comment.schoolId) } }, { name: 1 }).lean(),
  ]);
  const authorNames = new Map(authors.map((user) => [String(user._id), user.fullName]));
  const schoolNames = new Map(schools.map((school) => [String(school._id), school.name]));
  return comments.map((comment) => ({
    id: String(comment._id),
    body: comment.body,
    author: {
      id: String(comment.authorId),
      fullName: authorNames.get(String(comment.authorId)) ?? "",
      school: schoolNames.get(String(comment.schoolId)) ?? "",
    },
    createdAt: comment.createdAt.toISOString(),
    mine: String(comment.authorId) === actor.id,
  }));
}

/** The comments on a shared material, for the API. */
export async function commentsOn(actor: Actor, materialId: string) {
  const found = await sharedMaterial(actor, materialId);
  return found.ok ? ({ ok: true, value: await listComments(actor, found.value) } as const) : found;
}

/** Removes a comment: its author, or an administrator over the material's school (moderation). */
export async function deleteComment(actor: Actor, materialId: string, commentId: string): Promise<MaterialResult<null>> {
  if (!Types.ObjectId.isValid(commentId)) return NOT_FOUND;
  const found = await findReadableMaterial(actor, materialId);
  if (!found || found.pinnedVersion) return NOT_FOUND;
  const moderates = actor.roles.some(
    (binding) =>
      binding.role === "system_admin" ||
      (binding.role === "org_admin" && found.material.organisationPath.some((id) => String(id) === binding.organisationId)),
  );
  const result = await MaterialComment.updateOne(
    {
      _id: new Types.ObjectId(commentId),
      materialId: found.material._id,
      deletedAt: null,
      ...(moderates ? {} : { authorId: new Types.ObjectId(actor.id) }),
    },
    { $set: { deletedAt: new Date() } },
  );
  return result.modifiedCount === 1 ? { ok: true, value: null } : NOT_FOUND;
}

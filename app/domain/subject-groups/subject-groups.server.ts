import { isValidObjectId, Types } from "mongoose";
import type { SaveSubjectGroupInput } from "#content-schemas/subject-groups";
import { Subject } from "#models/subject";
import { SubjectGroup } from "#models/subject-group";
import { User } from "#models/user";
import { assertCanOn } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import type { OrganisationRef } from "~/domain/people/upsert-user.server";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";

export async function listSubjectGroups(schoolId: Types.ObjectId) {
  const groups = await SubjectGroup.find({ schoolId }).sort({ name: 1 }).lean();
  const leaders = new Map(
    (await User.find({ _id: { $in: groups.map((group) => group.leaderId).filter(Boolean) } }, { fullName: 1 }).lean()).map(
      (user) => [String(user._id), user.fullName],
    ),
  );
  return groups.map((group) => ({
    id: String(group._id),
    name: group.name,
    subjectCodes: group.subjectCodes,
    leader: group.leaderId ? (leaders.get(String(group.leaderId)) ?? null) : null,
    members: group.memberIds.length,
  }));
}

export async function subjectGroupDetails(groupId: string, schoolId: Types.ObjectId) {
  const group = await SubjectGroup.findOne({ _id: new Types.ObjectId(groupId), schoolId }).lean();
  if (!group) return null;
  return {
    id: String(group._id),
    name: group.name,
    subjectCodes: group.subjectCodes,
    leaderId: group.leaderId ? String(group.leaderId) : "",
    memberIds: group.memberIds.map(String),
  };
}

/** The school of a group the person administers; 404 for an unknown group, 403 for another school's. */
export async function requireAdministeredGroup(actor: Actor, groupId: string | undefined) {
  if (!groupId || !isValidObjectId(groupId)) throw new Response("Not Found", { status: 404 });
  const group = await SubjectGroup.findById(groupId, { schoolId: 1, organisationPath: 1 }).lean();
  if (!group) throw new Response("Not Found", { status: 404 });
  assertCanOn(actor, "update", "SubjectGroup", { organisationPath: group.organisationPath.map(String) });
  return requireManagedSchool(actor, String(group.schoolId));
}

/** Keeps the group_leader role in step with who leads a group of the school. */
async function syncLeaderRole(school: OrganisationRef, userId: Types.ObjectId) {
  const leads = await SubjectGroup.exists({ schoolId: school.id, leaderId: userId });
  const user = await User.findById(userId, { roles: 1 }).lean();
  if (!user) return;
  const others = user.roles.filter((binding) => !(binding.role === "group_leader" && binding.organisationId.equals(school.id)));
  const roles = leads ? [...others, { role: "group_leader", organisationId: school.id, organisationPath: school.path }] : others;
  await User.updateOne({ _id: userId }, { $set: { roles } });
}

export type SaveSubjectGroupResult = { ok: true; groupId: string } | { ok: false; errors: Record<string, string> };

/** Creates or updates a subject group; members and leader must be teachers of the school. */
export async function saveSubjectGroup(
  school: OrganisationRef,
  input: SaveSubjectGroupInput,
  groupId?: string,
): Promise<SaveSubjectGroupResult> {
  const [teachers, subjects, clash, previous] = await Promise.all([
    User.countDocuments({
      _id: { $in: input.memberIds.map((id) => new Types.ObjectId(id)) },
      organisationId: school.id,
      "roles.role": "teacher",
    }),
    Subject.countDocuments({ code: { $in: input.subjectCodes } }),
    SubjectGroup.findOne({ schoolId: school.id, name: input.name }, { _id: 1 }).lean(),
    groupId ? SubjectGroup.findOne({ _id: new Types.ObjectId(groupId), schoolId: school.id }, { leaderId: 1 }).lean() : null,
  ]);
  const errors: Record<string, string> = {};
  if (teachers !== input.memberIds.length) errors.memberIds = "Có thành viên không phải giáo viên của trường.";
  if (subjects !== input.subjectCodes.length) errors.subjectCodes = "Có môn không có trong chương trình.";
  if (clash && String(clash._id) !== groupId) errors.name = `Trường đã có ${input.name}.`;
  if (groupId && !previous) errors.form = "Không tìm thấy tổ.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const fields = {
    schoolId: school.id,
    organisationPath: school.path,
    name: input.name,
    subjectCodes: input.subjectCodes,
    leaderId: input.leaderId ? new Types.ObjectId(input.leaderId) : null,
    memberIds: input.memberIds.map((id) => new Types.ObjectId(id)),
  };
  let savedId: string;
  if (groupId) {
    await SubjectGroup.updateOne({ _id: new Types.ObjectId(groupId), schoolId: school.id }, { $set: fields });
    savedId = groupId;
  } else {
    savedId = String((await SubjectGroup.create(fields))._id);
  }
  for (const leader of [previous?.leaderId, fields.leaderId]) if (leader) await syncLeaderRole(school, leader);
  return { ok: true, groupId: savedId };
}

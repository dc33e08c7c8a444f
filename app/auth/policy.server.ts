import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility } from "@casl/ability";
import { accessibleBy } from "@casl/mongoose";
import type { Actor } from "./session.server";

/**
 * The sharing rule of domain.md, for staff of school S: items of S with scope ≥ school, items of any school
 * under S's district with scope ≥ district, under S's province with scope ≥ province, and every national item.
 * `schoolPath` is [national, province, district, school]: the organisation tree has exactly these levels
 * (upsertOrganisation enforces each unit's parent type). The same conditions filter MongoDB queries.
 */
export function sharedMaterialConditions(schoolPath: readonly string[]) {
  const [, province, district, school] = schoolPath;
  return [
    { ownerOrganisationId: school, scope: { $in: ["school", "district", "province", "national"] } },
    { organisationPath: district, scope: { $in: ["district", "province", "national"] } },
    { organisationPath: province, scope: { $in: ["province", "national"] } },
    { scope: "national" },
  ];
}

export type Action = "manage" | "read" | "create" | "update" | "delete";

/** A reviewed, shared item: a material or a question. */
interface SharedItemShape {
  ownerOrganisationId: string;
  organisationPath: string[];
  createdBy: string;
  scope: string;
  liveVersion: number | null;
}

/** Reviewed items that share one set of rules. */
const SHARED_ITEMS: ("Material" | "Question")[] = ["Material", "Question"];

/** The fields permission conditions look at, per subject (ids as strings). */
interface SubjectShapes {
  Job: { name: string };
  AuditEvent: { organisationPath: string[] };
  User: { _id: string; organisationPath: string[] };
  Organisation: { _id: string; ancestorIds: string[] };
  RosterImport: { organisationPath: string[] };
  SchoolClass: { organisationPath: string[] };
  SubjectGroup: { organisationPath: string[] };
  /** The national curriculum catalogue: only system administrators edit it. */
  Curriculum: { subjectCode: string };
  Material: SharedItemShape;
  /** Questions of the bank follow the materials' rules; students never see them. */
  Question: SharedItemShape;
  /** The repository statistics of one organisation: its id and its ancestors' (root first). */
  RepositoryStatistics: { organisationPath: string[] };
  /** A test (bài kiểm tra) with its answer keys: its author's, overseen by the school's administrators. */
  Assessment: { ownerOrganisationId: string; organisationPath: string[]; createdBy: string };
  /** A student's attempt at a test: theirs to take, the test author's to read and grade. */
  Attempt: { studentId: string; teacherId: string; organisationPath: string[] };
}
export type SubjectName = keyof SubjectShapes;
type AppSubject = { [Name in SubjectName]: Name | (ForcedSubject<Name> & SubjectShapes[Name]) }[SubjectName];
export type AppAbility = MongoAbility<[Action, AppSubject | "all"]>;

/**
 * Every permission rule of the application, in one place. Conditions use string ids and the
 * `organisationPath` arrays so the same rules filter MongoDB queries (@casl/mongoose) and check documents.
 */
export function defineAbilityFor(actor: Actor | null): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!actor) return build();

  can("read", "User", { _id: actor.id });
  can("update", "User", { _id: actor.id });
  // Authors keep their own materials; an item that was ever approved is archived, not deleted.
  can(["read", "update"], SHARED_ITEMS, { createdBy: actor.id });
  can("delete", SHARED_ITEMS, { createdBy: actor.id, liveVersion: null });

  for (const binding of actor.roles) {
    switch (binding.role) {
      case "system_admin":
        can("manage", "all");
        break;
      case "org_admin":
        can("read", "Organisation", { _id: binding.organisationId });
        can("read", "Organisation", { ancestorIds: binding.organisationId });
        // Offices create and edit the units under them; nobody edits their own unit or those above.
        can(["create", "update"], "Organisation", { ancestorIds: binding.organisationId });
        can("manage", "User", { organisationPath: binding.organisationId });
        can("read", "AuditEvent", { organisationPath: binding.organisationId });
        can("manage", "RosterImport", { organisationPath: binding.organisationId });
        can("manage", "SchoolClass", { organisationPath: binding.organisationId });
        can("manage", "SubjectGroup", { organisationPath: binding.organisationId });
        // Administrators oversee what their schools hold and can take an item down; they do not author it.
        can(["read", "delete"], SHARED_ITEMS, { organisationPath: binding.organisationId });
        can("read", "RepositoryStatistics", { organisationPath: binding.organisationId });
        can("read", ["Assessment", "Attempt"], { organisationPath: binding.organisationId });
        break;
      case "group_leader":
      case "teacher": {
        can("create", SHARED_ITEMS, { ownerOrganisationId: binding.organisationId });
        // Tests are their author's; a student's attempt is read and graded by the author of the test.
        can("create", "Assessment", { ownerOrganisationId: binding.organisationId });
        can(["read", "update", "delete"], "Assessment", { createdBy: actor.id });
        can(["read", "update"], "Attempt", { teacherId: actor.id });
        for (const condition of sharedMaterialConditions(binding.organisationPath)) can("read", SHARED_ITEMS, condition);
        can("read", "Organisation", { _id: actor.organisationId });
        // Their own school's figures only: exactly its path, so never an office's nor anything under it.
        can("read", "RepositoryStatistics", {
          organisationPath: { $all: binding.organisationPath, $size: binding.organisationPath.length },
        });
        break;
      }
      case "reviewer":
        // Subject specialists of an office read what is shared at their level or wider under it.
        can("read", SHARED_ITEMS, {
          organisationPath: binding.organisationId,
          scope: { $in: ["district", "province", "national"] },
        });
        can("read", SHARED_ITEMS, { scope: "national" });
        can("read", "Organisation", { _id: actor.organisationId });
        can("read", "RepositoryStatistics", { organisationPath: binding.organisationId });
        break;
      case "student":
        can("read", "Organisation", { _id: actor.organisationId });
        can("read", "Attempt", { studentId: actor.id });
        break;
    }
  }
  return build();
}

/** Throws 403 unless the actor may do `action` on this particular record. */
export function assertCanOn<Name extends SubjectName>(
  actor: Actor | null,
  action: Action,
  subjectName: Name,
  record: SubjectShapes[Name],
) {
  // Generic over the subject name, TypeScript cannot narrow the tagged union; the signature keeps callers exact.
  if (!defineAbilityFor(actor).can(action, subject(subjectName, { ...record }) as unknown as AppSubject)) {
    throw new Response("Bạn không có quyền thực hiện thao tác này.", { status: 403 });
  }
}

/** Throws 403 unless the actor may do `action` on `subjectName` (type-level check, e.g. "may see jobs"). */
export function assertCan(actor: Actor | null, action: Action, subjectName: SubjectName) {
  if (!defineAbilityFor(actor).can(action, subjectName)) {
    throw new Response("Bạn không có quyền thực hiện thao tác này.", { status: 403 });
  }
}

/**
 * The MongoDB conditions for what the actor may `action` on `subjectName` (@casl/mongoose). With no rule at all,
 * casl answers `$expr: { $eq: [0, 1] }`, which FerretDB does not implement: match nothing with `_id` instead.
 */
export function permittedConditions(actor: Actor | null, action: Action, subjectName: SubjectName): Record<string, unknown> {
  const ability = defineAbilityFor(actor);
  if (!ability.can(action, subjectName)) return { _id: { $in: [] } };
  return accessibleBy(ability, action).ofType(subjectName);
}

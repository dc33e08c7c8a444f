import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import type { Role } from "#content-schemas/roles";
import { assertCan, defineAbilityFor } from "./policy.server";
import type { Actor } from "./session.server";

const PROVINCE = "p1";
const DISTRICT = "d1";
const SCHOOL_A = "sA";
const SCHOOL_B = "sB";

function actor(role: Role, organisationId = SCHOOL_A, id = `${role}-1`): Actor {
  const organisationPath =
    organisationId === SCHOOL_A || organisationId === SCHOOL_B ? [PROVINCE, DISTRICT, organisationId] : [organisationId];
  return {
    id,
    username: id,
    fullName: id,
    email: null,
    organisationId,
    organisationPath,
    roles: [{ role, organisationId, organisationPath }],
    mustChangePassword: false,
    twoFactorEnabled: true,
    sessionId: "s",
  };
}

const userIn = (school: string, id = `user-of-${school}`) =>
  subject("User", { _id: id, organisationPath: [PROVINCE, DISTRICT, school] });

describe("defineAbilityFor", () => {
  it("lets only system administrators see background jobs", () => {
    expect(defineAbilityFor(actor("system_admin", "national")).can("read", "Job")).toBe(true);
    for (const role of ["org_admin", "reviewer", "group_leader", "teacher", "student"] as const) {
      expect(defineAbilityFor(actor(role)).can("read", "Job"), role).toBe(false);
    }
    expect(defineAbilityFor(null).can("read", "Job")).toBe(false);
  });

  it("lets a school administrator manage people of their own school only", () => {
    const ability = defineAbilityFor(actor("org_admin", SCHOOL_A));
    expect(ability.can("update", userIn(SCHOOL_A))).toBe(true);
    expect(ability.can("read", userIn(SCHOOL_B))).toBe(false);
    expect(ability.can("update", userIn(SCHOOL_B))).toBe(false);
  });

  it("lets a district administrator manage people of every school under the district", () => {
    const ability = defineAbilityFor(actor("org_admin", DISTRICT));
    expect(ability.can("read", userIn(SCHOOL_A))).toBe(true);
    expect(ability.can("read", userIn(SCHOOL_B))).toBe(true);
  });

  it("lets teachers and students see only their own account", () => {
    for (const role of ["teacher", "student"] as const) {
      const me = actor(role, SCHOOL_A, "me");
      const ability = defineAbilityFor(me);
      expect(ability.can("read", userIn(SCHOOL_A, "me"))).toBe(true);
      expect(ability.can("read", userIn(SCHOOL_A, "classmate"))).toBe(false);
      expect(ability.can("read", subject("AuditEvent", { organisationPath: [PROVINCE, DISTRICT, SCHOOL_A] }))).toBe(false);
    }
  });

  describe("repository statistics", () => {
    const statisticsOf = (...organisationPath: string[]) => subject("RepositoryStatistics", { organisationPath });
    const schoolA = statisticsOf(PROVINCE, DISTRICT, SCHOOL_A);
    const schoolB = statisticsOf(PROVINCE, DISTRICT, SCHOOL_B);
    const district = statisticsOf(PROVINCE, DISTRICT);
    const province = statisticsOf(PROVINCE);

    it("let administrators and subject specialists read their unit and every unit under it", () => {
      for (const role of ["org_admin", "reviewer"] as const) {
        const office = defineAbilityFor(actor(role, DISTRICT));
        expect(office.can("read", district), role).toBe(true);
        expect(office.can("read", schoolA), role).toBe(true);
        expect(office.can("read", schoolB), role).toBe(true);
        expect(office.can("read", province), role).toBe(false);
        const school = defineAbilityFor(actor(role, SCHOOL_A));
        expect(school.can("read", schoolA), role).toBe(true);
        expect(school.can("read", schoolB), role).toBe(false);
        expect(school.can("read", district), role).toBe(false);
      }
    });

    it("let teachers and group leaders read their own school only", () => {
      for (const role of ["teacher", "group_leader"] as const) {
        const ability = defineAbilityFor(actor(role, SCHOOL_A));
        expect(ability.can("read", schoolA), role).toBe(true);
        expect(ability.can("read", schoolB), role).toBe(false);
        expect(ability.can("read", district), role).toBe(false);
      }
    });

    it("are not for students or anonymous visitors; the system administrator reads all", () => {
      expect(defineAbilityFor(actor("student", SCHOOL_A)).can("read", schoolA)).toBe(false);
      expect(defineAbilityFor(null).can("read", schoolA)).toBe(false);
      expect(defineAbilityFor(actor("system_admin", "national")).can("read", province)).toBe(true);
    });

    it("are read-only, even for a school's administrator", () => {
      expect(defineAbilityFor(actor("org_admin", SCHOOL_A)).can("update", schoolA)).toBe(false);
    });
  });

  it("assertCan throws a 403 response", () => {
    expect(() => assertCan(actor("teacher"), "read", "Job")).toThrow(Response);
    try {
      assertCan(actor("teacher"), "read", "Job");
    } catch (error) {
      expect((error as Response).status).toBe(403);
    }
  });
});

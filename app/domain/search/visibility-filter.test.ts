import { describe, expect, it } from "vitest";
import type { Role } from "#content-schemas/roles";
import type { Actor } from "~/auth/session.server";
import { searchVisibilityFilter } from "./visibility-filter";

const PATH = ["nation", "province", "district", "school"];

function actor(role: Role, organisationPath = PATH): Actor {
  const organisationId = organisationPath.at(-1)!;
  return {
    id: "me",
    username: "me",
    fullName: "",
    email: null,
    organisationId,
    organisationPath,
    roles: [{ role, organisationId, organisationPath }],
    mustChangePassword: false,
    twoFactorEnabled: false,
    sessionId: "",
  };
}

describe("searchVisibilityFilter", () => {
  it("gives a teacher the sharing rule of domain.md, plus their own items", () => {
    const result = searchVisibilityFilter(actor("teacher"), "Material");
    expect("filter" in result && result.filter.split(" OR ").sort()).toEqual(
      [
        '(createdBy = "me")',
        '((ownerOrganisationId = "school") AND (scope IN ["school", "district", "province", "national"]))',
        '((organisationPath = "district") AND (scope IN ["district", "province", "national"]))',
        '((organisationPath = "province") AND (scope IN ["province", "national"]))',
        '(scope = "national")',
      ].sort(),
    );
  });

  it("gives a student nothing through search (their class materials are not searched)", () => {
    expect(searchVisibilityFilter(actor("student"), "Material")).toEqual({ filter: 'createdBy = "me"' });
  });

  it("gives nobody anything when signed out, and the system administrator everything", () => {
    expect(searchVisibilityFilter(null, "Material")).toEqual({ none: true });
    expect(searchVisibilityFilter(actor("system_admin", ["nation"]), "Material")).toEqual({ all: true });
  });

  it("limits an office's administrator to the units under it", () => {
    expect(searchVisibilityFilter(actor("org_admin", ["nation", "province", "district"]), "Material")).toEqual({
      filter: '(organisationPath = "district") OR (createdBy = "me")',
    });
  });
});

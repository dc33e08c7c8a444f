import { rulesToAST } from "@casl/ability/extra";
import { defineAbilityFor, type SubjectName } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";

/** Everything is visible (no filter), nothing is (the search must not run), or a Meilisearch filter expression. */
export type VisibilityFilter = { all: true } | { none: true } | { filter: string };

type Condition = NonNullable<ReturnType<typeof rulesToAST>>;

const quote = (value: unknown) => JSON.stringify(String(value));

class UnsupportedCondition extends Error {}

/** One AST node as a Meilisearch filter; `true` stands for "no restriction". */
function toFilter(node: Condition): string | true {
  const { operator, value } = node as { operator: string; value: unknown; field?: string };
  const field = (node as { field?: string }).field;
  switch (operator) {
    case "and":
    case "or": {
      const parts = (value as Condition[]).map(toFilter);
      if (operator === "and") {
        const restricting = parts.filter((part): part is string => part !== true);
        return restricting.length === 0 ? true : restricting.map((part) => `(${part})`).join(" AND ");
      }
      if (parts.length === 0) throw new UnsupportedCondition("empty or");
      return parts.includes(true) ? true : parts.map((part) => `(${part})`).join(" OR ");
    }
    case "not": {
      const inner = toFilter(value as Condition);
      if (inner === true) throw new UnsupportedCondition("not everything");
      return `NOT (${inner})`;
    }
    case "eq":
      if (value === null) return `${field} IS NULL`;
      return `${field} = ${quote(value)}`;
    case "ne":
      if (value === null) return `${field} IS NOT NULL`;
      return `${field} != ${quote(value)}`;
    case "in":
      return `${field} IN [${(value as unknown[]).map(quote).join(", ")}]`;
    default:
      // Fail closed: a rule the translation does not understand must never widen what a search returns.
      throw new UnsupportedCondition(`operator ${operator}`);
  }
}

/**
 * The permission rules of app/auth/policy.server.ts for reading `subjectName`, as a Meilisearch filter: the same
 * rules that filter MongoDB queries (accessibleBy) filter search, so a search can never show more than a listing.
 * Built on the server from the signed-in person, never from client input.
 */
export function searchVisibilityFilter(actor: Actor | null, subjectName: SubjectName): VisibilityFilter {
  const ast = rulesToAST(defineAbilityFor(actor), "read", subjectName);
  if (!ast) return { none: true };
  const filter = toFilter(ast);
  return filter === true ? { all: true } : { filter };
}

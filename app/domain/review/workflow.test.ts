import { describe, expect, it } from "vitest";
import { REVIEW_STATUSES } from "#content-schemas/materials";
import { reviewDecisionSchema, REVIEW_CRITERIA } from "#content-schemas/review";
import { mayAct, nextNominationLevel, nextStatus, TRANSITIONS, widerScope, type ReviewAction } from "./workflow";

const nobody = { isAuthor: false, isGroupLeader: false, isAssignedReviewer: false, isSchoolAdministrator: false };

describe("review transitions", () => {
  const expected: Record<ReviewAction, Partial<Record<(typeof REVIEW_STATUSES)[number], string>>> = {
    submit: { draft: "submitted", changes_requested: "submitted" },
    assign: { submitted: "in_review", in_review: "in_review" },
    request_changes: { in_review: "changes_requested" },
    approve: { in_review: "published" },
    archive: { published: "archived" },
  };
  for (const action of Object.keys(TRANSITIONS) as ReviewAction[]) {
    it(`${action}: allowed only from its states`, () => {
      for (const status of REVIEW_STATUSES) expect(nextStatus(action, status)).toBe(expected[action][status] ?? null);
    });
  }
});

describe("who may act", () => {
  it("lets only the author submit", () => {
    expect(mayAct("submit", { ...nobody, isAuthor: true })).toBe(true);
    expect(mayAct("submit", { ...nobody, isGroupLeader: true })).toBe(false);
  });

  it("lets the group leader assign reviewers", () => {
    expect(mayAct("assign", { ...nobody, isGroupLeader: true })).toBe(true);
    expect(mayAct("assign", { ...nobody, isAssignedReviewer: true })).toBe(false);
  });

  it("lets the assigned reviewer or the leader decide, but never on their own item", () => {
    for (const action of ["approve", "request_changes"] as const) {
      expect(mayAct(action, { ...nobody, isAssignedReviewer: true })).toBe(true);
      expect(mayAct(action, { ...nobody, isGroupLeader: true })).toBe(true);
      expect(mayAct(action, { ...nobody, isGroupLeader: true, isAuthor: true })).toBe(false);
      expect(mayAct(action, nobody)).toBe(false);
    }
  });

  it("lets the author, the leader or the school's administrator archive", () => {
    expect(mayAct("archive", { ...nobody, isAuthor: true })).toBe(true);
    expect(mayAct("archive", { ...nobody, isSchoolAdministrator: true })).toBe(true);
    expect(mayAct("archive", { ...nobody, isAssignedReviewer: true })).toBe(false);
  });
});

describe("nomination up the hierarchy", () => {
  it("goes one level at a time and stops at national", () => {
    expect(nextNominationLevel("private")).toBeNull();
    expect(nextNominationLevel("school")).toBe("district");
    expect(nextNominationLevel("district")).toBe("province");
    expect(nextNominationLevel("province")).toBe("national");
    expect(nextNominationLevel("national")).toBeNull();
  });

  it("only widens the scope", () => {
    expect(widerScope("school", "district")).toBe("district");
    expect(widerScope("province", "district")).toBe("province");
  });
});

describe("a reviewer's decision", () => {
  const all = (pass: boolean, comment = "") => REVIEW_CRITERIA.map((criterion) => ({ criterion, pass, comment }));

  it("approves only when every criterion passes", () => {
    expect(reviewDecisionSchema.safeParse({ decision: "approve", criteria: all(true) }).success).toBe(true);
    const failing = reviewDecisionSchema.safeParse({
      decision: "approve",
      criteria: [...all(true).slice(1), { criterion: "scientific_accuracy", pass: false }],
    });
    expect(failing.error?.issues[0]?.message).toBe("Chỉ duyệt được khi mọi tiêu chí đều đạt.");
  });

  it("asks for changes only with a reason, and needs all six criteria", () => {
    expect(reviewDecisionSchema.safeParse({ decision: "request_changes", criteria: all(false) }).error?.issues[0]?.message).toBe(
      "Hãy ghi rõ cần sửa gì (lời nhắn hoặc nhận xét theo tiêu chí).",
    );
    expect(
      reviewDecisionSchema.safeParse({ decision: "request_changes", criteria: all(false), message: "Sửa ví dụ 2." }).success,
    ).toBe(true);
    expect(reviewDecisionSchema.safeParse({ decision: "approve", criteria: all(true).slice(1) }).error?.issues[0]?.message).toBe(
      "Hãy đánh giá đủ 6 tiêu chí.",
    );
  });
});

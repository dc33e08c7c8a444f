import { describe, expect, it } from "vitest";
import {
  completedReviews,
  countsInOrder,
  inTreeOrder,
  isWithin,
  periodOf,
  reachedScopes,
  summariseTurnaround,
  type TrailStep,
} from "./repository-statistics";

const at = (isoHour: string) => new Date(`2026-03-${isoHour}:00:00+07:00`);
const step = (action: string, level: string, when: string): TrailStep => ({ action, level, at: at(when) });

describe("completedReviews", () => {
  it("pairs each submission with the next school decision, skipping assignments", () => {
    const trail = [
      step("submit", "school", "02T08"),
      step("assign", "school", "02T09"),
      step("request_changes", "school", "03T08"),
      step("submit", "school", "04T08"),
      step("assign", "school", "04T10"),
      step("approve", "school", "04T20"),
    ];
    expect(completedReviews(trail)).toEqual([
      { level: "school", requestedAt: at("02T08"), decidedAt: at("03T08") },
      { level: "school", requestedAt: at("04T08"), decidedAt: at("04T20") },
    ]);
  });

  it("pairs a nomination with the approval or decline at that level only", () => {
    const trail = [
      step("submit", "school", "01T08"),
      step("approve", "school", "01T10"),
      step("nominate", "district", "02T08"),
      step("decline", "district", "05T08"),
      step("nominate", "district", "06T08"),
      step("approve", "district", "06T14"),
      step("nominate", "province", "07T08"),
    ];
    expect(completedReviews(trail)).toEqual([
      { level: "school", requestedAt: at("01T08"), decidedAt: at("01T10") },
      { level: "district", requestedAt: at("02T08"), decidedAt: at("05T08") },
      { level: "district", requestedAt: at("06T08"), decidedAt: at("06T14") },
    ]);
  });

  it("ignores decisions nobody asked for, school actions at office level and unknown levels", () => {
    const trail = [
      step("approve", "school", "01T08"),
      step("decline", "school", "01T09"),
      step("nominate", "district", "02T08"),
      step("request_changes", "district", "02T09"),
      step("submit", "galaxy", "02T10"),
      step("approve", "galaxy", "02T11"),
    ];
    expect(completedReviews(trail)).toEqual([]);
  });

  it("measures a renewed nomination from the renewal, not from the one left unanswered", () => {
    const trail = [
      step("nominate", "district", "01T08"),
      step("archive", "school", "02T08"),
      step("nominate", "district", "10T08"),
      step("approve", "district", "10T12"),
    ];
    expect(completedReviews(trail)).toEqual([{ level: "district", requestedAt: at("10T08"), decidedAt: at("10T12") }]);
  });
});

describe("summariseTurnaround", () => {
  const review = (level: "school" | "district", fromHour: string, toHour: string) => ({
    level,
    requestedAt: at(fromHour),
    decidedAt: at(toHour),
  });

  it("gives the median and mean hours per level, null where nothing was decided", () => {
    const reviews = [
      review("school", "02T08", "02T10"), // 2 h
      review("school", "02T08", "02T14"), // 6 h
      review("school", "02T08", "03T08"), // 24 h
      review("district", "02T08", "02T11"), // 3 h
      review("district", "02T08", "02T12"), // 4 h
    ];
    expect(summariseTurnaround(reviews, periodOf({}))).toEqual([
      { level: "school", decisions: 3, medianHours: 6, meanHours: 10.7 },
      { level: "district", decisions: 2, medianHours: 3.5, meanHours: 3.5 },
      { level: "province", decisions: 0, medianHours: null, meanHours: null },
      { level: "national", decisions: 0, medianHours: null, meanHours: null },
    ]);
  });

  it("counts a review in the period of its decision", () => {
    const reviews = [review("school", "01T08", "02T08"), review("school", "02T20", "03T01"), review("school", "04T08", "05T08")];
    const [school] = summariseTurnaround(reviews, periodOf({ from: "2026-03-02", to: "2026-03-03" }));
    expect(school).toEqual({ level: "school", decisions: 2, medianHours: 14.5, meanHours: 14.5 });
  });
});

describe("periods", () => {
  it("run from the first to the last moment of the days in Vietnam time", () => {
    const period = periodOf({ from: "2026-03-02", to: "2026-03-02" });
    expect(period.start?.toISOString()).toBe("2026-03-01T17:00:00.000Z");
    expect(isWithin(new Date("2026-03-01T16:59:59.999Z"), period)).toBe(false);
    expect(isWithin(new Date("2026-03-01T17:00:00.000Z"), period)).toBe(true);
    expect(isWithin(new Date("2026-03-02T16:59:59.999Z"), period)).toBe(true);
    expect(isWithin(new Date("2026-03-02T17:00:00.000Z"), period)).toBe(false);
  });

  it("are open at an end left empty", () => {
    expect(isWithin(new Date("1990-01-01"), periodOf({ to: "2026-03-02" }))).toBe(true);
    expect(isWithin(new Date("2090-01-01"), periodOf({ from: "2026-03-02" }))).toBe(true);
  });
});

describe("counts", () => {
  it("list every key in order with zeros", () => {
    expect(countsInOrder(["video", "link", "image"], new Map([["link", 3]]))).toEqual([
      { key: "video", count: 0 },
      { key: "link", count: 3 },
      { key: "image", count: 0 },
    ]);
  });

  it("count an item shared nationally as having reached the district and province too", () => {
    const byScope = new Map([
      ["private", 5],
      ["school", 4],
      ["district", 3],
      ["province", 2],
      ["national", 1],
    ]);
    expect(reachedScopes(byScope)).toEqual({ district: 6, province: 3, national: 1 });
    expect(reachedScopes(new Map())).toEqual({ district: 0, province: 0, national: 0 });
  });
});

describe("inTreeOrder", () => {
  it("puts each unit before the units under it, siblings by Vietnamese name, with depth from the shallowest", () => {
    const nodes = [
      { id: "s2", name: "Trường THPT Chu Văn An", ancestorIds: ["n", "p", "d1"] },
      { id: "d2", name: "Phòng GDĐT huyện Tây", ancestorIds: ["n", "p"] },
      { id: "s1", name: "Trường THCS Nguyễn Du", ancestorIds: ["n", "p", "d1"] },
      { id: "d1", name: "Phòng GDĐT huyện Đông", ancestorIds: ["n", "p"] },
      { id: "s3", name: "Trường THPT Lê Quý Đôn", ancestorIds: ["n", "p", "d2"] },
    ];
    expect(inTreeOrder(nodes).map((node) => [node.id, node.depth])).toEqual([
      ["d1", 0],
      ["s1", 1],
      ["s2", 1],
      ["d2", 0],
      ["s3", 1],
    ]);
  });
});

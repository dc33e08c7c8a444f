import { describe, expect, it } from "vitest";
import {
  categoryPath,
  categoryPathText,
  ImportCollector,
  matchingAsTrueFalseGroup,
  rubricFromNotes,
  rubricToNotes,
  trueFalseGroupAsMatching,
} from "./common.server";
import { doc, paragraph, plain, text } from "./test-support";

describe("categoryPath", () => {
  it("drops Moodle's context, top and default categories and keeps escaped slashes", () => {
    expect(categoryPath("$course$/top/Toán 10/Hàm số")).toEqual(["Toán 10", "Hàm số"]);
    expect(categoryPath("$system$/top/Default for Hệ thống/Đề thi")).toEqual(["Đề thi"]);
    expect(categoryPath("$course$/Mặc định cho Toán 10A1/Đại số")).toEqual(["Đại số"]);
    expect(categoryPath(" Vật lí 11 / Điện tích//Điện trường ")).toEqual(["Vật lí 11", "Điện tích/Điện trường"]);
    expect(categoryPathText(["Vật lí 11", "Điện tích/Điện trường"])).toBe("$course$/top/Vật lí 11/Điện tích//Điện trường");
  });
});

describe("rubrics", () => {
  it("reads a criteria table or percentage lines, else one row for the whole item", () => {
    const table = rubricToNotes([
      { criterion: "Nội dung", weight: 0.75, description: "Đủ ý" },
      { criterion: "Hình thức", weight: 0.25, description: "" },
    ]);
    expect(rubricFromNotes(table)).toEqual([
      { criterion: "Nội dung", weight: 0.75, description: "Đủ ý" },
      { criterion: "Hình thức", weight: 0.25, description: "" },
    ]);
    expect(
      rubricFromNotes(
        doc(
          paragraph(text("- Mở bài: 20%")),
          paragraph(text("- Thân bài: 60% - đủ luận điểm")),
          paragraph(text("- Kết bài (20%)")),
        ),
      ),
    ).toEqual([
      { criterion: "Mở bài", weight: 0.2, description: "" },
      { criterion: "Thân bài", weight: 0.6, description: "đủ luận điểm" },
      { criterion: "Kết bài", weight: 0.2, description: "" },
    ]);
    expect(rubricFromNotes(doc(paragraph(text("Ý a (30%)")), paragraph(text("Ý b (30%)"))))).toEqual([
      { criterion: "Toàn bài", weight: 1, description: "Ý a (30%)\nÝ b (30%)" },
    ]);
    expect(rubricFromNotes(null)).toEqual([{ criterion: "Toàn bài", weight: 1, description: "" }]);
    expect(rubricToNotes([{ criterion: "Toàn bài", weight: 1, description: "" }])).toBeNull();
  });
});

describe("true/false groups", () => {
  it("travel as 4 statements matched with Đúng / Sai, and only that shape comes back as a group", () => {
    const group = {
      type: "true_false_group" as const,
      statements: ["a", "b", "c", "d"].map((id, index) => ({ id, content: plain(`Ý ${id}`), correct: index !== 2 })),
    };
    const matching = trueFalseGroupAsMatching(group);
    expect(matching.responses.map((response) => response.content)).toEqual([plain("Đúng"), plain("Sai")]);
    expect(matchingAsTrueFalseGroup(matching)).toEqual(group);
    expect(
      matchingAsTrueFalseGroup({ ...matching, premises: matching.premises.slice(0, 3), pairs: matching.pairs.slice(0, 3) }),
    ).toBeNull();
    expect(
      matchingAsTrueFalseGroup({ ...matching, responses: [...matching.responses, { id: "r3", content: plain("Không biết") }] }),
    ).toBeNull();
  });
});

describe("ImportCollector", () => {
  it("numbers items and turns schema issues into Vietnamese problems that say where they are", () => {
    const collector = new ImportCollector("gift");
    collector.addItem({
      label: "Câu 1",
      sourceText: "…",
      category: [],
      content: {
        stem: doc(paragraph(text("Chọn"))),
        body: {
          type: "single_choice",
          options: [
            { id: "A", content: plain("Một") },
            { id: "B", content: { type: "doc", content: [] } },
          ],
          correctOptionId: "C",
          shuffleOptions: true,
        },
        solution: null,
      },
      problems: [],
    });
    collector.addItem({
      label: "Câu 2",
      sourceText: "{",
      category: [],
      content: null,
      problems: ["Thiếu dấu }.", "Thiếu dấu }."],
    });
    const { items } = collector.result();
    expect(items.map((item) => [item.index, item.content, item.problems])).toEqual([
      [1, null, ["Phương án B: Bài giảng chưa có nội dung.", "Chưa chọn phương án đúng."]],
      [2, null, ["Thiếu dấu }."]],
    ]);
  });
});

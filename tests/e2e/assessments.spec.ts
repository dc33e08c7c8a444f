import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Browser, Page } from "@playwright/test";
import type { SeedQuestionsInput } from "../../scripts/seed/question-bank";
import { signIn, type Account } from "./accounts";
import { expect, test } from "./fixtures";
import { localInput, schoolWithClass } from "./school";

/** Class 12A1 with two students (the journeys' accounts) and a bank over two topics. */
async function journeySchool(perTopicAndLevel: SeedQuestionsInput["perTopicAndLevel"]) {
  const school = await schoolWithClass({
    name: "Trường THPT Thử",
    className: "12A1",
    teacher: "Lê Minh Tâm",
    students: ["Trần Văn An", "Nguyễn Thị Bình"],
    perTopicAndLevel,
    topicCount: 2,
  });
  const [first, second] = school.students as [Account, Account];
  return { ...school, first, second };
}

/**
 * Answers every item the way the seeded bank makes checkable: single choice by the sum in the stem (wrong on
 * purpose for the first one), each true/false group with 3 of 4 statements right (Đ S Đ Đ), short answers "-1,5".
 */
async function answerAll(
  page: Page,
  options: { offlineAfter?: number; goOffline?: () => Promise<void>; goOnline?: () => Promise<void> },
) {
  const items = page.locator("fieldset[data-item-key]");
  const count = await items.count();
  let firstChoice = true;
  for (let index = 0; index < count; index++) {
    if (index === options.offlineAfter) await options.goOffline?.();
    const item = items.nth(index);
    const text = (await item.innerText()).replace(/\s+/g, " ");
    const sum = /Giá trị của (\d+) \+ (\d+)/.exec(text);
    if (sum) {
      const value = Number(sum[1]) + Number(sum[2]) + (firstChoice ? 1 : 0);
      firstChoice = false;
      await item
        .locator("label")
        .filter({ has: page.locator(".rich-text", { hasText: new RegExp(`^${value}$`) }) })
        .click();
    } else if (/Xét các mệnh đề/.test(text)) {
      for (const [statement, answer] of [
        ["a)", "Đúng"],
        ["b)", "Sai"],
        ["c)", "Đúng"],
        ["d)", "Đúng"],
      ] as const) {
        await item
          .getByRole("group", { name: new RegExp(`^${statement.replace(")", "\\)")}`) })
          .getByLabel(answer)
          .check();
      }
    } else {
      await item.getByRole("textbox").fill("-1,5");
      await item.getByRole("textbox").blur();
    }
  }
  return count;
}

async function takeTest(browser: Browser, account: Account, offline: boolean) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account, "/tests");
  await page.getByRole("link", { name: /Kiểm tra Toán 12/ }).click();
  const scripts: Promise<number>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script" && new URL(response.url()).pathname !== "/")
      scripts.push(
        response
          .request()
          .sizes()
          .then((sizes) => sizes.responseBodySize),
      );
  });
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await expect(page).toHaveURL(/\/attempts\//);
  await page.waitForLoadState("load");
  // The quiz page stays light (issue #8: < 100 KB of JavaScript, compressed): it loads no React, only its script.
  const scriptBytes = (await Promise.all(scripts.splice(0))).reduce((sum, size) => sum + size, 0);
  expect(scriptBytes).toBeGreaterThan(0);
  expect(scriptBytes).toBeLessThan(100 * 1024);
  await expect(page.getByRole("heading", { name: /^Câu 22 / })).toBeVisible();
  const state = page.getByTestId("save-state");
  await answerAll(page, {
    offlineAfter: offline ? 12 : undefined,
    goOffline: async () => {
      await context.setOffline(true);
      await page.evaluate(() => window.dispatchEvent(new Event("offline")));
    },
  });
  if (offline) {
    await expect(state).toHaveAttribute("data-state", "offline", { timeout: 15_000 });
    // The answers wait in the browser; reconnecting sends them.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
  }
  await expect(state).toHaveAttribute("data-state", "saved", { timeout: 20_000 });
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByRole("heading", { name: "Kết quả bài làm" })).toBeVisible({ timeout: 20_000 });
  return { page, context };
}

test("a teacher builds a Toán 12 test from the 2025 preset, two students take it (one offline for a while), the class is exported", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const school = await journeySchool({ single_choice: 3, true_false_group: 1, short_answer: 1 });
  await signIn(page, school.teacher, "/assessments");
  await page.getByRole("link", { name: "Tạo bài kiểm tra" }).click();
  await page.getByLabel("Môn học").selectOption("TOAN");
  await page.getByLabel("Khối lớp").selectOption("12");
  await page.getByRole("button", { name: "Chọn", exact: true }).click();
  await expect(page.getByLabel("Cấu trúc đề")).toHaveValue("national_2025_math");
  for (const topic of school.topics) await page.getByLabel(topic.name).check();
  await page.getByRole("button", { name: "Tạo và mở bài kiểm tra" }).click();

  // The 2025 preset: 12 single choice × 0.25, 4 true/false × 1, 6 short answers × 0.5 = 10 points.
  await expect(page.getByText("Tổng: 22 câu, 10 điểm")).toBeVisible();
  // The specification (bảng đặc tả): the outcome tested at one level of the first topic.
  await page.getByText("Bảng đặc tả (yêu cầu cần đạt theo mức độ)").first().click();
  await page.getByRole("textbox", { name: "Biết" }).first().fill("Nhận biết tính đơn điệu từ bảng biến thiên.");
  await page.getByRole("button", { name: "Lưu ma trận" }).click();
  await expect(page.getByText("Đã lưu ma trận đề.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Biết" }).first()).toHaveValue("Nhận biết tính đơn điệu từ bảng biến thiên.");
  await page.getByLabel("Số mã đề").fill("4");
  await page.getByRole("button", { name: "Tạo đề" }).click();
  await expect(page.getByText("101, 102, 103, 104")).toBeVisible();

  await page.getByLabel("Mở lúc").fill(localInput(new Date(Date.now() - 5 * 60_000)));
  await page.getByLabel("Đóng lúc").fill(localInput(new Date(Date.now() + 2 * 3_600_000)));
  await page.getByLabel("Cho học sinh xem kết quả").selectOption("immediately");
  await page.getByRole("button", { name: "Giao bài" }).click();
  await expect(page.getByText("Đã giao bài kiểm tra cho lớp.")).toBeVisible();
  await expect(page.getByText("0/2 học sinh đã nộp bài")).toBeVisible();

  // 11 of 12 single choice (2.75) + 4 true/false groups with 3 of 4 right (4 × 0.5) + 6 × "-1,5" (3) = 7.75.
  const first = await takeTest(browser, school.first, true);
  await expect(first.page.getByText("Điểm: 7,75/10")).toBeVisible();
  const firstVersion = await first.page
    .getByText(/Mã đề \d+/)
    .first()
    .innerText();
  const second = await takeTest(browser, school.second, false);
  await expect(second.page.getByText("Điểm: 7,75/10")).toBeVisible();
  expect(
    await second.page
      .getByText(/Mã đề \d+/)
      .first()
      .innerText(),
  ).not.toBe(firstVersion);
  await first.context.close();
  await second.context.close();

  await page.getByRole("link", { name: "Kết quả", exact: true }).click();
  await expect(page.getByRole("cell", { name: "Trần Văn An" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải bảng điểm (Excel)" }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Kết quả")!;
  const rows: string[] = [];
  sheet.eachRow((row) => rows.push(JSON.stringify(row.values)));
  expect(rows.find((row) => row.includes("Trần Văn An"))).toContain("7.75");
  expect(rows.find((row) => row.includes("Nguyễn Thị Bình"))).toContain("7.75");
});

test("a test made by hand: a student without JavaScript answers with plain form posts, the teacher grades the essay, corrects a key and prints", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const school = await journeySchool({ single_choice: 1, essay: 1 });
  // The bank lists its single choice questions first, then the essays.
  const [choiceId, essayId] = [school.questionIds[0]!, school.questionIds.at(-1)!];
  await signIn(page, school.teacher, "/assessments/new?subject=TOAN&grade=12");
  await page.getByLabel("Tên bài kiểm tra").fill("Kiểm tra 15 phút");
  await page.getByLabel("Cấu trúc đề").selectOption("");
  await page.getByRole("button", { name: "Tạo và mở bài kiểm tra" }).click();
  await expect(page.getByRole("heading", { name: "Kiểm tra 15 phút" })).toBeVisible();

  // "Add to a test" from the question bank, 5 points each.
  for (const questionId of [choiceId, essayId]) {
    await page.goto(`/questions/${questionId}`);
    const form = page.getByRole("form", { name: "Thêm vào bài kiểm tra" });
    await form.getByLabel("Bài kiểm tra").selectOption({ label: "Kiểm tra 15 phút" });
    await form.getByLabel("Số điểm").fill("5");
    await form.getByRole("button", { name: "Thêm" }).click();
    await expect(page.getByText("Đã thêm câu hỏi vào bài kiểm tra.")).toBeVisible();
    // The next page.goto must not cut into the router's revalidation after the form (its AbortError is logged).
    await page.waitForLoadState("networkidle");
  }
  await page.getByRole("link", { name: "Mở bài kiểm tra" }).click();
  await expect(page.getByText("Tổng 10 điểm")).toBeVisible();
  await page.getByLabel("Số mã đề").fill("2");
  await page.getByRole("button", { name: "Tạo đề" }).click();
  await expect(page.getByText("101, 102")).toBeVisible();

  // The versions print to Word with their answer keys.
  const printed = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải đề kèm đáp án (Word)" }).click();
  const docx = await readFile(await (await printed).path());
  expect(docx.subarray(0, 2).toString()).toBe("PK");

  await page.getByLabel("Mở lúc").fill(localInput(new Date(Date.now() - 5 * 60_000)));
  await page.getByLabel("Đóng lúc").fill(localInput(new Date(Date.now() + 3_600_000)));
  await page.getByLabel("Cho học sinh xem kết quả").selectOption("immediately");
  await page.getByRole("button", { name: "Giao bài" }).click();
  await expect(page.getByText("Đã giao bài kiểm tra cho lớp.")).toBeVisible();

  // The student's browser runs no JavaScript: the quiz is a plain form.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const student = await context.newPage();
  await signIn(student, school.first, "/tests");
  await student.getByRole("link", { name: "Kiểm tra 15 phút" }).click();
  await student.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  const choice = student.locator("fieldset[data-item-key]").filter({ hasText: "Giá trị của" });
  const sum = /Giá trị của (\d+) \+ (\d+)/.exec(await choice.innerText())!;
  const wrong = String(Number(sum[1]) + Number(sum[2]) + 1);
  await choice
    .locator("label")
    .filter({ has: student.locator(".rich-text", { hasText: new RegExp(`^${wrong}$`) }) })
    .click();
  await student.getByLabel("Bài làm", { exact: true }).fill("7 × 5 = 35, vì 7 + 7 + 7 + 7 + 7 = 35.");
  await student.getByRole("button", { name: "Lưu bài" }).click();
  await expect(student.getByText("Đã lưu bài làm (2 câu đã trả lời).")).toBeVisible();
  await student.reload();
  await expect(student.getByLabel("Bài làm", { exact: true })).toHaveValue("7 × 5 = 35, vì 7 + 7 + 7 + 7 + 7 = 35.");
  await student.getByRole("button", { name: "Nộp bài" }).click();
  await expect(student.getByText("Bài có câu tự luận đang chờ thầy cô chấm")).toBeVisible();

  // The teacher grades the essay: 4 of 5, then sees the single choice key was wrong and corrects it.
  await page.getByRole("link", { name: "Chấm tự luận" }).click();
  await expect(page.getByText("7 × 5 = 35")).toBeVisible();
  await page.getByLabel("Điểm (tối đa 5)").fill("4");
  await page.getByLabel("Nhận xét").fill("Đúng, trình bày gọn.");
  await page.getByRole("button", { name: "Lưu điểm" }).click();
  await expect(page.getByText("Đã lưu điểm.")).toBeVisible();
  await page.getByRole("link", { name: "Kết quả" }).click();
  await expect(page.getByRole("row", { name: /Trần Văn An/ }).getByRole("cell", { name: "4", exact: true })).toBeVisible();

  // What the student answered, item by item, with the marks.
  await page.getByRole("link", { name: "Trần Văn An" }).click();
  await expect(page.getByLabel("Bài làm", { exact: true })).toHaveValue("7 × 5 = 35, vì 7 + 7 + 7 + 7 + 7 = 35.");
  await expect(page.getByText("Đúng, trình bày gọn.")).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: "Sửa đáp án câu 1" }).click();
  await page.getByRole("radio", { name: new RegExp(`^[A-D]\\. ${wrong}$`) }).check();
  await page.getByLabel("Lý do sửa").fill("Đáp án gốc nhầm.");
  await page.getByRole("button", { name: "Sửa đáp án và chấm lại" }).click();
  await expect(page.getByText("Đã sửa đáp án và chấm lại 1 bài.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Trần Văn An/ }).getByRole("cell", { name: "9", exact: true })).toBeVisible();
  await context.close();
});

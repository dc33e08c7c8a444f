import { buildAcceptanceDocx, buildPaddedAcceptanceDocx } from "../support/question-docx";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

test("a teacher imports a Word file of 30 questions, checks the preview and finds them in the bank", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // One upper-secondary school per screen: the second import of the same file in one school is all duplicates.
  const school = testInfo.project.name === "phone" ? "THPT-LE-QUY-DON" : "THPT-CHU-VAN-AN";
  const teacher = await createAccount({ role: "teacher", organisationCode: school });
  await signIn(page, teacher, "/questions");
  await page.getByRole("link", { name: "Nhập từ tệp" }).click();

  // Without a file the page says so and keeps the form.
  await page.getByRole("button", { name: "Đọc tệp" }).click();
  await expect(page.getByLabel("Tệp câu hỏi")).toBeVisible();

  await page.getByLabel("Tệp câu hỏi").setInputFiles({
    name: "de-kiem-tra-toan-10.docx",
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    buffer: await buildAcceptanceDocx(),
  });
  await page.getByLabel("Định dạng").selectOption("docx");
  await page.getByRole("button", { name: "Đọc tệp" }).click();
  await expect(page.getByText(/Đọc được 30 \/ 31 câu/)).toBeVisible();
  await expect(page.getByText("1 câu không đọc được")).toBeVisible();
  // The broken item is shown with its source text and the reason.
  const broken = page.getByRole("listitem").filter({ has: page.getByRole("alert") });
  await expect(broken).toHaveCount(1);
  await expect(broken.getByText("Không đọc được")).toBeVisible();
  // Formulas are rendered, not left as source.
  await expect(page.locator(".katex").first()).toBeVisible();

  // Nothing can be confirmed before the subject and grade are chosen; then the grade's topics are offered.
  await expect(page.getByRole("button", { name: /Xác nhận nhập/ })).toHaveCount(0);
  await page.getByLabel("Môn học").selectOption("TOAN");
  await page.getByLabel("Khối", { exact: true }).selectOption("10");
  await page.getByRole("button", { name: "Chọn", exact: true }).click();
  const topics = page.getByRole("group", { name: "Chủ đề cho các câu (có thể chọn nhiều)" });
  const firstTopic = topics.getByRole("checkbox").first();
  const topicName = (await topics.locator("label").first().innerText()).trim();
  await firstTopic.check();
  await page.getByRole("button", { name: "Xác nhận nhập 30 câu" }).click();
  // Each of the 30 is saved on its own (curriculum and duplicate checks): allow for a busy server.
  await expect(page.getByText("Đã nhập 30 câu hỏi (bản nháp).")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("1 câu không nhập:")).toBeVisible();

  await page.getByRole("link", { name: "Xem trong ngân hàng câu hỏi" }).click();
  await expect(page.getByText("30 câu hỏi")).toBeVisible();
  const matrix = page.getByRole("table", { name: /Số câu hỏi khớp bộ lọc/ });
  await expect(matrix.getByRole("rowheader", { name: topicName })).toBeVisible();
  await page.getByLabel("Dạng câu hỏi").selectOption("true_false_group");
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/type=true_false_group/);
  await expect(page.getByText(/^\d+ câu hỏi$/)).not.toHaveText("30 câu hỏi");
  await page.getByRole("main").getByRole("listitem").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Đúng\/Sai/ })).toBeVisible();
  await expect(page.getByText("Đáp án đúng").first()).toBeVisible();
});

test("a large Word file is read in the background while the page shows progress", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "the background path is the same on every screen");
  test.setTimeout(120_000);
  const teacher = await createAccount({ role: "teacher", organisationCode: "THCS-NGUYEN-DU" });
  await signIn(page, teacher, "/questions/import");
  await page.getByLabel("Tệp câu hỏi").setInputFiles({
    name: "ngan-hang-lon.docx",
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    buffer: await buildPaddedAcceptanceDocx(),
  });
  await page.getByRole("button", { name: "Đọc tệp" }).click();
  // The worker reads it; the page asks again until the items are there.
  await expect(page.getByText(/Đọc được 30 \/ 31 câu/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("1 câu không đọc được")).toBeVisible();
});

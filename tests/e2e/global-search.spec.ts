import type { Page } from "@playwright/test";
import type { GlobalSearchResult } from "#content-schemas/search";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

const LECTURE = "Bài giảng: Công thức nghiệm của phương trình bậc hai";

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test("a teacher searches everything from the header, opens a section's area with the words kept and comes back", async ({
  page,
}) => {
  test.setTimeout(60_000);
  // A teacher of THCS Nguyễn Du: the demo lecture is shared with the district, the demo questions with the school.
  const teacher = await createAccount({ role: "teacher", fullName: "Giáo viên tìm kiếm" });
  await signIn(page, teacher, "/");
  // The worker indexes the demo bank in the first seconds after the app starts; the API answers what the page shows.
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/v1/search?q=phuong%20trinh");
        return ((await response.json()) as GlobalSearchResult).questions?.total;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  const box = page.getByRole("searchbox", { name: "Tìm kiếm", exact: true });
  await box.fill("phuong trinh");
  await box.press("Enter");

  await expect(page).toHaveURL(/\/search\?q=phuong\+trinh$/);
  await expect(page).toHaveTitle("Tìm kiếm «phuong trinh» — Kho Học Liệu");
  await expect(page.getByRole("heading", { level: 1, name: "Kết quả tìm kiếm «phuong trinh»" })).toBeVisible();
  await expect(box).toHaveValue("phuong trinh");
  const materials = page.getByRole("region", { name: /^Học liệu trong kho dùng chung/ });
  const lecture = materials.getByRole("link", { name: LECTURE });
  await expect(lecture.locator("mark")).toHaveText(["phương", "trình"]);
  const questions = page.getByRole("region", { name: /^Câu hỏi trong ngân hàng/ });
  await expect(questions.getByRole("link", { name: /^Nghiệm của phương trình 2x/ }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: /^Học liệu từ kho khác/ })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await materials.getByRole("link", { name: /^Xem tất cả \d+ kết quả$/ }).click();
  await expect(page).toHaveURL(/\/repository\?q=phuong\+trinh$/);
  await expect(page.getByLabel("Tìm học liệu")).toHaveValue("phuong trinh");
  await expect(page.getByRole("link", { name: LECTURE })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/search\?q=phuong\+trinh$/);
  await expect(page.getByRole("heading", { level: 1, name: "Kết quả tìm kiếm «phuong trinh»" })).toBeVisible();
  await expect(box).toHaveValue("phuong trinh");
});

test("without JavaScript, a search that finds nothing suggests what to try", async ({ browser }, testInfo) => {
  const { viewport, isMobile, hasTouch, deviceScaleFactor } = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: process.env.E2E_BASE_URL,
    locale: "vi-VN",
    javaScriptEnabled: false,
    viewport,
    isMobile,
    hasTouch,
    deviceScaleFactor,
  });
  const page = await context.newPage();
  await signIn(page, await createAccount({ role: "teacher" }), "/");
  const box = page.getByRole("searchbox", { name: "Tìm kiếm", exact: true });
  await box.fill("khong co hoc lieu nao nhu the nay");
  await box.press("Enter");

  await expect(page).toHaveURL(/\/search\?q=khong\+co\+hoc\+lieu\+nao\+nhu\+the\+nay$/);
  await expect(page.getByText("Không tìm thấy kết quả nào cho «khong co hoc lieu nao nhu the nay».")).toBeVisible();
  await expect(page.getByText("Kiểm tra lại chính tả; gõ có dấu hay không dấu đều được.")).toBeVisible();
  await expect(page.getByText(/^Gõ ít từ hơn/)).toBeVisible();
  await expect(page.getByRole("region", { name: /^Học liệu trong kho dùng chung/ })).toHaveCount(0);
  await expectNoSidewaysScroll(page);
  await page.getByRole("link", { name: "Xem toàn bộ kho dùng chung" }).click();
  await expect(page).toHaveURL(/\/repository$/);
  await context.close();
});

test("students have nothing to search: no box in the header, and the page refuses them", async ({ page }) => {
  await signIn(page, await createAccount({ role: "student" }), "/");
  await expect(page.getByRole("search")).toHaveCount(0);
  const response = await page.goto("/search?q=phuong+trinh");
  expect(response?.status()).toBe(403);
});

import { expect, test } from "./fixtures";

test("a visitor sees the home page in Vietnamese and filters the curriculum by grade", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Kho Học Liệu/);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();
  await expect(page.getByText("25 môn học / hoạt động giáo dục")).toBeVisible();

  await page.getByLabel("Khối lớp").selectOption("1");
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/grade=1/);
  const subjects = page.getByRole("region", { name: "Môn học theo Chương trình GDPT 2018" }).getByRole("listitem");
  await expect(subjects.filter({ hasText: "Tiếng Việt" })).toBeVisible();
  await expect(subjects.filter({ hasText: "Vật lí" })).toHaveCount(0);
  await expect(page.getByLabel("Khối lớp")).toHaveValue("1");
});

test("the language can be switched to English and back, and the choice is remembered", async ({ page }) => {
  await page.goto("/?grade=10");
  // The language applies through React: wait until the page has hydrated (home's slow-device journey covers before).
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByLabel("Ngôn ngữ").selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Shared digital learning materials" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(/grade=10/);
  await expect(page.getByText("Physics")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Shared digital learning materials" })).toBeVisible();
  await page.getByLabel("Language").selectOption("vi");
  await expect(page.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();
});

test("an unknown address shows a friendly Vietnamese 404 page with a way home", async ({ page }) => {
  const response = await page.goto("/khong-ton-tai");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Không tìm thấy trang" })).toBeVisible();
  await page.getByRole("link", { name: "Về trang chủ" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the page can be used with the keyboard alone", async ({ page, isMobile }) => {
  test.skip(isMobile, "keyboard journey is for desktop");
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Bỏ qua, tới nội dung chính" });
  await expect(skipLink).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("keys pressed while a slow device is still loading the page do no harm", async ({ page, isMobile }) => {
  test.skip(isMobile, "keyboard journey is for desktop");
  // A slow phone: the page's script takes long enough to start that a key press lands before it is ready.
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("Emulation.setCPUThrottlingRate", { rate: 8 });
  for (let load = 0; load < 5; load += 1) {
    await page.goto("/", { waitUntil: "commit" });
    await page.locator("a[href='#main']").waitFor({ state: "attached" });
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
  }
  // Once the page is ready (hydrated: before that React is kept from the events), it still reacts.
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
  await page.getByLabel("Ngôn ngữ").selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Shared digital learning materials" })).toBeVisible();
  await page.getByLabel("Language").selectOption("vi");
  await expect(page.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();
});

test("on a phone the menu opens and the layout fits the screen", async ({ page, isMobile }) => {
  test.skip(!isMobile, "phone layout only");
  await page.goto("/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByText("Trình đơn").click();
  await expect(
    page.getByRole("navigation", { name: "Điều hướng chính" }).first().getByRole("link", { name: "Trang chủ" }),
  ).toBeVisible();
});

import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const DEMO_PASSWORD = "HocLieu@2026";

async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.getByLabel("Tên đăng nhập hoặc email").fill(login);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("a system administrator signs in, sees the background jobs, and signs out", async ({ page }) => {
  await page.goto("/admin/jobs");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fjobs/);

  await signIn(page, "quantri", "mat-khau-sai");
  await expect(page.getByRole("alert")).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
  await expect(page.getByLabel("Tên đăng nhập hoặc email")).toHaveValue("quantri");

  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs$/);
  await expect(page.getByRole("heading", { name: "Tác vụ nền" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "maintenance.purge-finished-jobs" })).toBeVisible();

  const me = await page.request.get("/api/v1/me");
  expect(await me.json()).toMatchObject({ username: "quantri", roles: [{ role: "system_admin" }] });

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("a teacher cannot open the administrators' pages", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, "gv.minh");
  await expect(page.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tác vụ nền" })).toHaveCount(0);
  const response = await page.goto("/admin/jobs");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Không có quyền truy cập" })).toBeVisible();
});

test("the API answers 401 problem+json without a session, and refuses cross-site form posts", async ({ request }) => {
  const me = await request.get("/api/v1/me");
  expect(me.status()).toBe(401);
  expect(await me.json()).toMatchObject({ status: 401, detail: expect.stringContaining("đăng nhập") });

  const forged = await request.post("/logout", { headers: { origin: "https://evil.example" }, form: {} });
  expect(forged.status()).toBe(403);
});

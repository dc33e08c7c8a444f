import { expect, test } from "./fixtures";
import { createAccount } from "./accounts";

test("a teacher creates a personal access token, an integration uses it, and revoking it cuts access", async ({
  page,
  playwright,
}) => {
  const account = await createAccount({ mustChangePassword: false });
  await page.goto("/login?redirectTo=/account/tokens");
  await page.getByLabel("Tên đăng nhập hoặc email").fill(account.username);
  await page.getByLabel("Mật khẩu").fill(account.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { name: "Mã truy cập API" })).toBeVisible();

  await page.getByRole("button", { name: "Tạo mã" }).click();
  await expect(page.getByText("Đặt tên để nhận ra mã")).toBeVisible();

  await page.getByLabel("Tên mã").fill("Phần mềm quản lý trường");
  await page.getByLabel("Thời hạn").selectOption("30");
  await page.getByRole("button", { name: "Tạo mã" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^khl_/);

  // Another system, no cookies, only the token.
  const integration = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const me = await integration.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ username: account.username });

  await page.reload();
  await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: "Phần mềm quản lý trường" })).toHaveCount(1);
  await page.getByRole("button", { name: "Thu hồi Phần mềm quản lý trường" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã thu hồi mã.");

  const afterRevoke = await integration.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(afterRevoke.status()).toBe(401);
  expect((await afterRevoke.json()).detail).toContain("đã bị thu hồi");
  await integration.dispose();
});

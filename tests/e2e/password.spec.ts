import { expect, test } from "./fixtures";
import { createAccount } from "./accounts";

test("a new student must change their password, then signs out everywhere", async ({ page, browser }) => {
  const account = await createAccount({ mustChangePassword: true, role: "student" });
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc email").fill(account.username);
  await page.getByLabel("Mật khẩu").fill(account.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();

  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByText("Bạn cần đặt mật khẩu mới trước khi tiếp tục.")).toBeVisible();
  // Every other page sends the person back here until the password is changed.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/account\/password$/);

  await page.getByLabel("Mật khẩu hiện tại").fill("khong-phai-mat-khau");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("ngan");
  await page.getByLabel("Nhập lại mật khẩu mới").fill("khac");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText("Mật khẩu có ít nhất 10 ký tự.")).toBeVisible();
  await expect(page.getByText("Mật khẩu nhập lại không khớp.")).toBeVisible();

  const newPassword = "hoa-phuong-do-2026";
  await page.getByLabel("Mật khẩu hiện tại").fill("khong-phai-mat-khau");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(newPassword);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(newPassword);
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText("Mật khẩu hiện tại không đúng.")).toBeVisible();

  await page.getByLabel("Mật khẩu hiện tại").fill(account.password);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(newPassword);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(newPassword);
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.");

  // A second device signs in with the new password …
  const phone = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const phonePage = await phone.newPage();
  await phonePage.goto("/login");
  await phonePage.getByLabel("Tên đăng nhập hoặc email").fill(account.username);
  await phonePage.getByLabel("Mật khẩu").fill(newPassword);
  await phonePage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(phonePage.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();

  // … and "sign out everywhere" on the first ends both.
  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng xuất trên mọi thiết bị" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await phonePage.goto("/account");
  await expect(phonePage).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  await phone.close();
});

test("a person sees their signed-in devices and signs one out", async ({ page, browser }) => {
  const account = await createAccount({ mustChangePassword: false });
  const signInOn = async (target: typeof page) => {
    await target.goto("/login");
    await target.getByLabel("Tên đăng nhập hoặc email").fill(account.username);
    await target.getByLabel("Mật khẩu").fill(account.password);
    await target.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(target.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();
  };
  const other = await browser.newContext({
    baseURL: process.env.E2E_BASE_URL,
    userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile",
  });
  const otherPage = await other.newPage();
  await signInOn(otherPage);
  await signInOn(page);

  await page.goto("/account");
  await page.getByRole("link", { name: "Thiết bị đang đăng nhập" }).click();
  const devices = page.getByRole("main").getByRole("listitem");
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ has: page.getByText("Thiết bị này", { exact: true }) })).toHaveCount(1);
  await devices.filter({ hasText: "Chrome · Android" }).getByRole("button", { name: "Đăng xuất thiết bị này" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã đăng xuất thiết bị.");
  await expect(devices).toHaveCount(1);

  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  await other.close();
});

import { currentCode } from "~/auth/two-factor.server";
import { createAccount } from "./accounts";
import { expect, test } from "./fixtures";

test("a system administrator signs in with password and one-time code, sees the background jobs, and signs out", async ({
  page,
}) => {
  const admin = await createAccount({ role: "system_admin", organisationCode: "BGDDT" });
  await page.goto("/admin/jobs");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fjobs/);

  await page.getByLabel("Tên đăng nhập hoặc email").fill(admin.username);
  await page.getByLabel("Mật khẩu").fill("mat-khau-sai");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
  await expect(page.getByLabel("Tên đăng nhập hoặc email")).toHaveValue(admin.username);

  await page.getByLabel("Mật khẩu").fill(admin.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { name: "Nhập mã xác thực" })).toBeVisible();
  // The password alone does not sign in.
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  const code = currentCode(admin.totpKey!);
  await page.getByLabel("Mã 6 chữ số").fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("alert")).toHaveText("Mã không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất.");
  await page.getByLabel("Mã 6 chữ số").fill(code);
  await page.getByRole("button", { name: "Xác nhận" }).click();

  await expect(page).toHaveURL(/\/admin\/jobs$/);
  await expect(page.getByRole("heading", { name: "Tác vụ nền" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "maintenance.purge-finished-jobs" })).toBeVisible();
  expect(await (await page.request.get("/api/v1/me")).json()).toMatchObject({
    username: admin.username,
    roles: [{ role: "system_admin" }],
  });

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("an administrator without two-factor sign-in must turn it on before anything else", async ({ page }) => {
  const admin = await createAccount({ role: "org_admin", twoFactor: false });
  await page.goto("/login?redirectTo=/admin/people");
  await page.getByLabel("Tên đăng nhập hoặc email").fill(admin.username);
  await page.getByLabel("Mật khẩu").fill(admin.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/account\/two-factor$/);
  await expect(page.getByText("Quản trị viên phải bật xác thực hai bước để bảo vệ dữ liệu của trường.")).toBeVisible();
  await page.goto("/admin/people");
  await expect(page).toHaveURL(/\/account\/two-factor$/);

  const key = ((await page.getByTestId("manual-key").textContent()) ?? "").replace(/\s/g, "");
  await page.getByLabel("2. Nhập mã 6 chữ số ứng dụng hiển thị.").fill("123456" === currentCode(key) ? "654321" : "123456");
  await page.getByRole("button", { name: "Bật xác thực hai bước" }).click();
  await expect(page.getByRole("alert")).toHaveText("Mã không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất.");
  await page.getByLabel("2. Nhập mã 6 chữ số ứng dụng hiển thị.").fill(currentCode(key));
  await page.getByRole("button", { name: "Bật xác thực hai bước" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã bật xác thực hai bước.");
  await expect(page.getByText("Quản trị viên không được tắt")).toHaveCount(0);
  await page.goto("/admin/people");
  await expect(page.getByRole("heading", { name: "Người dùng" })).toBeVisible();
});

test("a teacher cannot open the administrators' pages", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc email").fill("gv.minh");
  await page.getByLabel("Mật khẩu").fill("HocLieu@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
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

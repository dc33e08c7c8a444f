import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { createAccount, signIn } from "./accounts";

test("a school administrator resets a student's password, exports their data, and sees both in the security log", async ({
  page,
  browser,
  isMobile,
}) => {
  const fullName = `Học sinh ${isMobile ? "Điện thoại" : "Máy tính"} ${Date.now()}`;
  const student = await createAccount({ mustChangePassword: false, role: "student", fullName });
  const admin = await createAccount({ role: "org_admin" });
  await signIn(page, admin, "/admin/people");
  await expect(page.getByRole("heading", { name: "Người dùng" })).toBeVisible();

  await page.getByLabel("Tìm theo tên hoặc mã").fill(student.username);
  await page.getByLabel("Vai trò").selectOption("student");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.getByRole("link", { name: fullName }).click();
  await expect(page.getByRole("heading", { name: `Hồ sơ: ${fullName}` })).toBeVisible();

  await page.getByRole("button", { name: "Đặt lại mật khẩu" }).click();
  const notice = page.getByRole("status");
  await expect(notice).toContainText(`Mật khẩu tạm mới của ${fullName}:`);
  const temporary = /: ([a-z0-9]{10}) —/.exec((await notice.textContent()) ?? "")?.[1];
  expect(temporary).toBeTruthy();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Xuất dữ liệu cá nhân (JSON)" }).click(),
  ]);
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(exported.person).toMatchObject({ username: student.username, fullName, roles: ["student"] });

  await page.goto(`/admin/audit?username=${student.username}`);
  const log = page.getByRole("table");
  await expect(log.getByRole("row").filter({ hasText: "Đặt lại mật khẩu" })).toHaveCount(1);
  await expect(log.getByRole("row").filter({ hasText: "Xuất dữ liệu cá nhân" })).toHaveCount(1);
  await expect(log.getByRole("row").filter({ hasText: "Xem hồ sơ cá nhân" }).first()).toBeVisible();

  // The student's old password no longer works; the temporary one leads to a forced change.
  const studentContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const studentPage = await studentContext.newPage();
  await studentPage.goto("/login");
  await studentPage.getByLabel("Tên đăng nhập hoặc email").fill(student.username);
  await studentPage.getByLabel("Mật khẩu").fill(student.password);
  await studentPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(studentPage.getByRole("alert")).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
  await studentPage.getByLabel("Mật khẩu").fill(temporary!);
  await studentPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(studentPage).toHaveURL(/\/account\/password$/);
  await studentContext.close();
});

test("a teacher cannot read another school's people or the security log", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc email").fill("gv.ha");
  await page.getByLabel("Mật khẩu").fill("HocLieu@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kho học liệu số dùng chung" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Người dùng" })).toHaveCount(0);
  for (const path of ["/admin/people", "/admin/audit", "/admin/classes", "/admin/roster"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});

test("a school administrator adds a person by hand and corrects their details", async ({ page, browser }, testInfo) => {
  const code = `GV${Date.now()}${testInfo.project.name === "phone" ? "P" : "D"}`;
  const admin = await createAccount({ role: "org_admin" });
  await signIn(page, admin, "/admin/people");
  await page.getByRole("link", { name: "Thêm người" }).click();
  await expect(page.getByRole("heading", { name: "Thêm người vào trường" })).toBeVisible();

  await page.getByLabel("Mã", { exact: true }).fill(code);
  await page.getByLabel("Họ và tên").fill("Đặng Thu Thảo");
  await page.getByRole("checkbox", { name: "Học sinh" }).check();
  await page.getByRole("button", { name: "Thêm", exact: true }).click();
  await expect(page.getByText("Học sinh cần có ngày sinh.")).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Đặng Thu Thảo");

  await page.getByRole("checkbox", { name: "Học sinh" }).uncheck();
  await page.getByRole("checkbox", { name: "Giáo viên" }).check();
  await page.getByRole("button", { name: "Thêm", exact: true }).click();
  const created = page.getByRole("status");
  await expect(created).toContainText(`Tên đăng nhập: ${code.toLowerCase()}`);
  const password = /mật khẩu ban đầu: ([a-z0-9]{10})/.exec((await created.textContent()) ?? "")?.[1];
  expect(password).toBeTruthy();

  await created.getByRole("link", { name: "Đặng Thu Thảo" }).click();
  await expect(page.getByRole("heading", { name: "Hồ sơ: Đặng Thu Thảo" })).toBeVisible();
  await page.getByLabel("Họ và tên").fill("Đặng Thu Thảo (Toán)");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu thông tin.");
  await expect(page.getByRole("heading", { name: "Hồ sơ: Đặng Thu Thảo (Toán)" })).toBeVisible();

  const teacher = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const teacherPage = await teacher.newPage();
  await teacherPage.goto("/login");
  await teacherPage.getByLabel("Tên đăng nhập hoặc email").fill(code.toLowerCase());
  await teacherPage.getByLabel("Mật khẩu").fill(password!);
  await teacherPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(teacherPage).toHaveURL(/\/account\/password$/);
  await teacher.close();
});

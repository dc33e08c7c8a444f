import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

test("a school administrator creates a subject group and its leader gets the group-leader role", async ({
  page,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name === "phone", "one group per school and name");
  const admin = await createAccount({ role: "org_admin" });
  await signIn(page, admin, "/admin/groups");
  await expect(page.getByRole("heading", { name: "Tổ chuyên môn" })).toBeVisible();

  await page.getByRole("link", { name: "Tạo tổ" }).click();
  await page.getByRole("button", { name: "Lưu tổ" }).click();
  await expect(page.getByText("Nhập tên tổ, ví dụ: Tổ Toán – Tin.")).toBeVisible();
  await expect(page.getByText("Chọn ít nhất một môn.")).toBeVisible();

  await page.getByLabel("Tên tổ").fill("Tổ Toán – Tin");
  await page.getByRole("checkbox", { name: "Toán", exact: true }).check();
  await page.getByRole("checkbox", { name: "Tin học", exact: true }).check();
  await page.getByLabel("Tổ trưởng").selectOption({ label: "Nguyễn Văn Minh" });
  await page.getByRole("button", { name: "Lưu tổ" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu tổ chuyên môn.");
  await expect(page.getByRole("group", { name: "Thành viên" }).getByRole("checkbox", { name: "Nguyễn Văn Minh" })).toBeChecked();

  const teacher = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const teacherPage = await teacher.newPage();
  await teacherPage.goto("/login?redirectTo=/account");
  await teacherPage.getByLabel("Tên đăng nhập hoặc email").fill("gv.minh");
  await teacherPage.getByLabel("Mật khẩu").fill("HocLieu@2026");
  await teacherPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(teacherPage.getByText("Giáo viên, Tổ trưởng chuyên môn")).toBeVisible();
  await teacher.close();
});

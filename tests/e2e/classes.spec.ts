import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

test("a school administrator creates a class and assigns its homeroom and subject teachers", async ({
  page,
  isMobile,
}, testInfo) => {
  const className = testInfo.project.name === "phone" ? "7A9" : "7A3";
  const admin = await createAccount({ role: "org_admin" });
  await signIn(page, admin, "/admin/classes");
  await expect(page.getByRole("heading", { name: "Lớp học" })).toBeVisible();

  await page.getByRole("link", { name: "Tạo lớp" }).click();
  await page.getByLabel("Tên lớp").fill(className.toLowerCase());
  await page.getByLabel("Khối").selectOption("7");
  await page.getByLabel("Giáo viên chủ nhiệm").selectOption({ label: "Nguyễn Văn Minh" });
  await page.getByLabel("Môn 1").selectOption({ label: "Toán" });
  await page.getByRole("button", { name: "Lưu lớp" }).click();
  await expect(page.getByText("Dòng 1: chọn cả môn và giáo viên.")).toBeVisible();

  await page.getByLabel("Môn 1").selectOption({ label: "Toán" });
  await page.getByLabel("Giáo viên 1").selectOption({ label: "Nguyễn Văn Minh" });
  await page.getByLabel("Môn 2").selectOption({ label: "Vật lí" });
  await page.getByLabel("Giáo viên 2").selectOption({ label: "Nguyễn Văn Minh" });
  await page.getByRole("button", { name: "Lưu lớp" }).click();
  await expect(page.getByText("Có môn không được dạy ở khối 7.")).toBeVisible();

  await page.getByLabel("Môn 2").selectOption("");
  await page.getByLabel("Giáo viên 2").selectOption("");
  await page.getByRole("button", { name: "Lưu lớp" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu lớp.");
  await expect(page.getByRole("heading", { name: new RegExp(`^Lớp ${className} — năm học`) })).toBeVisible();
  await expect(page.getByLabel("Môn 1")).toHaveValue("TOAN");

  if (isMobile) await page.getByText("Trình đơn").click();
  await page.getByRole("link", { name: "Lớp học", exact: true }).locator("visible=true").click();
  const row = page.getByRole("row", { name: new RegExp(className) });
  await expect(row).toContainText("Nguyễn Văn Minh");

  // A second class with the same name in the same year is refused.
  await page.getByRole("link", { name: "Tạo lớp" }).click();
  await page.getByLabel("Tên lớp").fill(className);
  await page.getByRole("button", { name: "Lưu lớp" }).click();
  await expect(page.getByText(new RegExp(`đã có lớp ${className}`))).toBeVisible();
});

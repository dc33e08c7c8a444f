import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

test("a district administrator creates a school under the district and renames it", async ({ page }, testInfo) => {
  const code = `THCS-E2E-${testInfo.project.name.toUpperCase()}`;
  const admin = await createAccount({ role: "org_admin", organisationCode: "PGD-DONG" });
  await signIn(page, admin, "/admin/organisations");
  await expect(page.getByRole("heading", { name: "Đơn vị" })).toBeVisible();
  await expect(page.getByText("Trường THPT Lê Quý Đôn")).toHaveCount(0); // another district's school

  await page.getByRole("link", { name: "Tạo đơn vị — Phòng GDĐT huyện Đông (demo)" }).click();
  await page.getByLabel("Mã đơn vị").fill("thcs-nguyen-du");
  await page.getByLabel("Tên đơn vị").fill("Trường THCS Trùng Mã");
  await page.getByRole("button", { name: "Tạo đơn vị" }).click();
  await expect(page.getByText("Mã THCS-NGUYEN-DU đã được dùng cho một đơn vị khác.")).toBeVisible();

  await page.getByLabel("Mã đơn vị").fill(code.toLowerCase());
  await page.getByLabel("Tên đơn vị").fill("Trường THCS Kim Đồng");
  await page.getByLabel("Cấp học").selectOption({ label: "THCS" });
  await page.getByRole("button", { name: "Tạo đơn vị" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu đơn vị.");
  await expect(page.getByRole("listitem").filter({ hasText: code })).toContainText("Trường THCS Kim Đồng");

  await page.getByRole("link", { name: `Sửa Trường THCS Kim Đồng` }).first().click();
  await page.getByLabel("Tên đơn vị").fill(`Trường THCS Kim Đồng ${testInfo.project.name}`);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: code })).toContainText(
    `Trường THCS Kim Đồng ${testInfo.project.name}`,
  );
});

import ExcelJS from "exceljs";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";
import { fortyStudentRoster, rosterWorkbook } from "../support/roster-files";

test("a school administrator imports a 40-student roster, fixes three flagged rows, and a student signs in", async ({
  page,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name === "phone", "one import per run: the codes are shared");
  const admin = await createAccount({ role: "org_admin" });
  await signIn(page, admin, "/admin/roster");
  await expect(page.getByRole("heading", { name: "Nhập danh sách lớp, giáo viên, học sinh" })).toBeVisible();

  const template = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Tải tệp mẫu (.xlsx)" }).click(),
  ]);
  expect(template[0].suggestedFilename()).toBe("mau-danh-sach-lop-giao-vien-hoc-sinh.xlsx");

  // Nothing chosen: a clear message, nothing written.
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByText("Hãy chọn tệp danh sách.")).toBeVisible();

  const withMistakes = Buffer.from(await rosterWorkbook(fortyStudentRoster({ mistakes: true })));
  await page.getByLabel("Tệp danh sách").setInputFiles({
    name: "lop-6.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: withMistakes,
  });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "3 dòng có lỗi. Sửa các dòng này trong tệp rồi tải lên lại; chưa có gì được ghi.",
  );
  const flagged = page.locator("li[data-problem]");
  await expect(flagged).toHaveCount(3);
  await expect(flagged.filter({ hasText: "Mã HS0005 trùng với dòng 6" })).toHaveCount(1);
  await expect(flagged.filter({ hasText: "Không có lớp 6A9" })).toHaveCount(1);
  await expect(flagged.filter({ hasText: "31/2/2014 không tồn tại" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Nhập \d+ dòng$/ })).toHaveCount(0);

  await page.getByRole("link", { name: "Tải lên tệp khác" }).click();
  const fixed = Buffer.from(await rosterWorkbook(fortyStudentRoster({ mistakes: false })));
  await page.getByLabel("Tệp danh sách").setInputFiles({
    name: "lop-6-da-sua.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: fixed,
  });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByText("Không có lỗi. Kiểm tra lại rồi bấm Nhập để ghi.")).toBeVisible();
  await page.getByRole("button", { name: "Nhập 44 dòng" }).click();
  await expect(page.getByRole("status")).toContainText("Đã nhập: 44 thêm mới, 0 cập nhật.");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Tải danh sách mật khẩu ban đầu (.xlsx)" }).click(),
  ]);
  const sheet = new ExcelJS.Workbook();
  await sheet.xlsx.readFile(await download.path());
  const rows = sheet.worksheets[0]!.getSheetValues() as unknown as (string | undefined)[][];
  const student = rows.find((row) => row?.[2] === "HS0001");
  expect(student?.[5]).toBe("hs0001");
  const firstPassword = String(student?.[6]);

  const studentContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const studentPage = await studentContext.newPage();
  await studentPage.goto("/login");
  await studentPage.getByLabel("Tên đăng nhập hoặc email").fill("hs0001");
  await studentPage.getByLabel("Mật khẩu").fill(firstPassword);
  await studentPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(studentPage).toHaveURL(/\/account\/password$/);
  await studentContext.close();
});

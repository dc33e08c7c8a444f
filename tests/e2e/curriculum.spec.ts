import ExcelJS from "exceljs";
import { Topic } from "#models/topic";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

async function catalogue(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Chủ đề");
  sheet.addRow(["Mã môn", "Lớp", "Thứ tự", "Tên chủ đề", "Yêu cầu cần đạt (mỗi dòng một yêu cầu)"]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test("a system administrator edits the curriculum catalogue by hand and by spreadsheet", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "the catalogue is shared by every journey");
  // The seed covers every grade; this journey starts from a grade whose topics have not been entered yet.
  await connectDatabase();
  await Topic.deleteMany({ subjectCode: "SINH_HOC", grade: 11 });
  await disconnectDatabase();
  const admin = await createAccount({ role: "system_admin", organisationCode: "BGDDT" });
  await signIn(page, admin, "/admin/curriculum");
  await expect(page.getByRole("heading", { name: "Danh mục chương trình" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "1. Mệnh đề và tập hợp" })).toBeVisible();

  await page.getByLabel("Môn").selectOption({ label: "Sinh học" });
  await page.getByLabel("Lớp").selectOption("11");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page.getByText("Chưa có chủ đề nào cho môn và lớp này.")).toBeVisible();

  await page.getByRole("button", { name: "Thêm chủ đề" }).click();
  await expect(page.getByText("Nhập tên chủ đề.")).toBeVisible();
  await page.getByLabel("Tên chủ đề").fill("Trao đổi chất và chuyển hoá năng lượng ở sinh vật");
  await page
    .getByLabel("Yêu cầu cần đạt")
    .fill("Phân tích được vai trò của trao đổi chất.\nNêu được các con đường trao đổi chất.");
  await page.getByRole("button", { name: "Thêm chủ đề" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu chủ đề.");
  await expect(
    page.getByRole("listitem").filter({ hasText: "1. Trao đổi chất và chuyển hoá năng lượng ở sinh vật" }),
  ).toContainText("2 yêu cầu cần đạt");

  const upload = page.getByLabel("Tệp danh mục");
  await upload.setInputFiles({
    name: "sai.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await catalogue([
      ["SINH_HOC", 11, 2, "Cảm ứng ở sinh vật", ""],
      ["SINH_HOC", 3, 1, "Sai lớp", ""],
    ]),
  });
  await page.getByRole("button", { name: "Nhập", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Dòng 3: Môn SINH_HOC không có ở lớp 3.");

  await page.getByLabel("Tệp danh mục").setInputFiles({
    name: "dung.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await catalogue([
      ["SINH_HOC", 11, 2, "Cảm ứng ở sinh vật", "Trình bày được khái niệm cảm ứng."],
      ["SINH_HOC", 11, 3, "Sinh trưởng và phát triển ở sinh vật", ""],
    ]),
  });
  await page.getByRole("button", { name: "Nhập", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Đã nhập 2 chủ đề.");
  await page.goto("/admin/curriculum?subject=SINH_HOC&grade=11");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(3);

  const api = await page.request.get("/api/v1/curriculum/topics?subject=SINH_HOC&grade=11");
  expect((await api.json()).items.map((item: { name: string }) => item.name)).toEqual([
    "Trao đổi chất và chuyển hoá năng lượng ở sinh vật",
    "Cảm ứng ở sinh vật",
    "Sinh trưởng và phát triển ở sinh vật",
  ]);
});

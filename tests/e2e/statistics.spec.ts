import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { createMaterialSchema } from "#content-schemas/materials";
import { Material } from "#models/material";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { actorOf } from "~/auth/session.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { createAccount, signIn, type Account } from "./accounts";
import { expect, test } from "./fixtures";

async function as(browser: Browser, account: Account, path: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale: "vi-VN" })).newPage();
  await signIn(page, account, path);
  return page;
}

/** A fresh school under the demo district with three materials of one teacher: figures no other journey changes. */
async function schoolWithMaterials() {
  const suffix = randomBytes(3).toString("hex").toUpperCase();
  const school = { code: `THCS-TK-${suffix}`, name: `Trường THCS Thống Kê ${suffix}` };
  const schoolId = String(
    await upsertOrganisation({ ...school, type: "school", schoolLevel: "lower_secondary", parentCode: "PGD-DONG" }),
  );
  await disconnectDatabase();
  const teacher = await createAccount({ organisationCode: school.code, fullName: "Đặng Thu Thảo" });
  await connectDatabase();
  const profile = await User.findOne({ username: teacher.username }, USER_PROFILE_FIELDS).lean<UserProfile>();
  const actor = actorOf(profile!, "");
  const ids: string[] = [];
  for (const [title, subjectCode] of [
    ["Phân số và số thập phân", "TOAN"],
    ["Tỉ số phần trăm", "TOAN"],
    ["Truyện cổ tích Thạch Sanh", "NGU_VAN"],
  ]) {
    const input = createMaterialSchema.parse({
      kind: "link",
      url: "https://hanhtrangso.nxbgd.vn",
      title,
      subjectCode,
      grades: [6],
    });
    const created = await createMaterial(actor, input);
    if (!created.ok) throw new Error(created.reason);
    ids.push(created.value.id);
  }
  await Material.updateOne({ _id: ids[0] }, { $set: { "counters.views": 7 } });
  await disconnectDatabase();
  return { ...school, id: schoolId };
}

test("a school administrator sees the school's figures and the district switches to that school", async ({
  browser,
  isMobile,
}) => {
  test.setTimeout(120_000);
  const school = await schoolWithMaterials();
  const schoolAdmin = await createAccount({ role: "org_admin", organisationCode: school.code });
  const districtAdmin = await createAccount({ role: "org_admin", organisationCode: "PGD-DONG" });

  // The school's administrator opens «Thống kê kho» from the menu.
  const adminPage = await as(browser, schoolAdmin, "/");
  if (isMobile) await adminPage.getByText("Trình đơn").click();
  await adminPage.getByRole("link", { name: "Thống kê kho", exact: true }).locator("visible=true").click();
  await expect(adminPage.getByRole("heading", { name: "Thống kê kho học liệu" })).toBeVisible();
  await expect(adminPage.getByRole("heading", { name: school.name })).toBeVisible();
  const byKind = adminPage.getByRole("table", { name: "Theo loại" });
  await expect(byKind.getByRole("row", { name: /^Liên kết/ }).getByRole("cell")).toHaveText("3");
  const bySubject = adminPage.getByRole("table", { name: "Theo môn học" });
  await expect(bySubject.getByRole("row", { name: /^Toán/ }).getByRole("cell")).toHaveText("2");
  await expect(bySubject.getByRole("row", { name: /^Ngữ văn/ }).getByRole("cell")).toHaveText("1");
  const contributors = adminPage.getByRole("table", { name: "Người tạo nhiều học liệu nhất" });
  await expect(contributors.getByRole("row", { name: /Đặng Thu Thảo/ }).getByRole("cell")).toHaveText("3");
  await expect(adminPage.getByText("Tổng số người đã tạo học liệu: 1.")).toBeVisible();
  const reuse = adminPage.getByRole("table", { name: "Mức độ sử dụng lại" });
  await expect(reuse.getByRole("row", { name: /^Lượt xem/ }).getByRole("cell")).toHaveText("7");
  await expect(adminPage.getByRole("heading", { name: "Các trường trực thuộc" })).toHaveCount(0);

  // The same figures as a workbook.
  const downloading = adminPage.waitForEvent("download");
  await adminPage.getByRole("link", { name: "Tải Excel" }).click();
  expect((await downloading).suggestedFilename()).toMatch(
    new RegExp(`^thong-ke-kho-hoc-lieu-${school.code}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
  );

  // The district's administrator sees a row per school, then opens this school's figures.
  const districtPage = await as(browser, districtAdmin, "/statistics");
  await expect(districtPage.getByRole("heading", { name: "Phòng GDĐT huyện Đông (demo)" })).toBeVisible();
  const schoolRow = districtPage
    .getByRole("table", { name: "Số liệu từng trường" })
    .getByRole("row", { name: new RegExp(school.name) });
  await expect(schoolRow.getByRole("cell")).toHaveText(["3", "0", "1", school.code]);
  if (isMobile) {
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    const overflow = await districtPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
  await districtPage.getByLabel("Đơn vị").selectOption(school.id);
  await districtPage.getByLabel("Từ ngày").fill("2026-01-01");
  await districtPage.getByRole("button", { name: "Xem thống kê" }).click();
  await expect(districtPage.getByRole("heading", { name: school.name })).toBeVisible();
  await expect(
    districtPage
      .getByRole("table", { name: "Theo loại" })
      .getByRole("row", { name: /^Liên kết/ })
      .getByRole("cell"),
  ).toHaveText("3");
  await expect(districtPage.getByRole("table", { name: /Quyết định thẩm định theo cấp, từ 01\/01\/2026/ })).toBeVisible();
  await expect(districtPage.getByLabel("Từ ngày")).toHaveValue("2026-01-01");

  // A date range backwards is explained, not answered with figures.
  await districtPage.getByLabel("Đến ngày").fill("2025-12-31");
  await districtPage.getByRole("button", { name: "Xem thống kê" }).click();
  await expect(districtPage.getByRole("alert")).toHaveText(
    "Khoảng ngày không hợp lệ: «Từ ngày» phải trước hoặc trùng «Đến ngày».",
  );
});

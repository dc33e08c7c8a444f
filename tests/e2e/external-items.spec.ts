import { randomBytes } from "node:crypto";
import { HarvestedItem } from "#models/harvested-item";
import { syncStaleExternalItems } from "~/domain/search/external-item-index.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

test("a teacher searches materials harvested from other repositories and opens one at its source", async ({ page }) => {
  const teacher = await createAccount({ role: "teacher", fullName: "Giáo viên tra cứu" });
  // Records as the harvester stores them, from two repositories unique to this run (the database is shared).
  const token = randomBytes(4).toString("hex");
  const geometry = {
    source: `https://kho-${token}.example.vn/oai`,
    host: `kho-${token}.example.vn`,
    title: `Hình học không gian lớp 11 — ${token}`,
    url: `https://kho-${token}.example.vn/materials/1`,
  };
  const probability = { source: `https://kho2-${token}.example.vn/oai`, title: `Không gian mẫu trong xác suất — ${token}` };
  await connectDatabase();
  await HarvestedItem.create([
    {
      source: geometry.source,
      identifier: `oai:kho-${token}:material/1`,
      datestamp: new Date(),
      harvestedAt: new Date(),
      title: geometry.title,
      description: "Quan hệ song song và vuông góc trong không gian.",
      subjects: ["Toán", "Lớp 11"],
      creators: ["Nguyễn Thị Hình"],
      publisher: "Trường THPT Mẫu",
      identifierUrl: geometry.url,
      rights: "CC-BY-4.0",
    },
    {
      source: probability.source,
      identifier: `oai:kho2-${token}:2`,
      datestamp: new Date(),
      harvestedAt: new Date(),
      title: probability.title,
      subjects: ["Toán", "Lớp 10"],
      identifierUrl: `https://kho2-${token}.example.vn/record/2`,
    },
  ]);
  // What the worker's search sync does right after a harvest.
  await syncStaleExternalItems();
  await disconnectDatabase();

  await signIn(page, teacher, "/repository/external");
  await expect(page.getByRole("heading", { name: "Học liệu từ kho khác", level: 1 })).toBeVisible();

  // Typed without accents, as often on a phone.
  await page.getByLabel("Tìm theo tên hoặc mô tả").fill(`khong gian ${token}`);
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page).toHaveURL(/q=khong/);
  await expect(page.getByText("2 học liệu", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: geometry.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: probability.title })).toBeVisible();
  // Found by the search engine, not by the database fallback.
  await expect(page.getByText("Máy tìm kiếm đang tạm ngừng", { exact: false })).toHaveCount(0);

  await page.getByLabel("Kho nguồn", { exact: true }).selectOption({ label: `${geometry.host} (1)` });
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page).toHaveURL(new RegExp(`source=${encodeURIComponent(geometry.source)}`));
  await expect(page.getByText("1 học liệu", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: probability.title })).toHaveCount(0);
  // The filters stay in the address and in the form.
  await expect(page.getByLabel("Tìm theo tên hoặc mô tả")).toHaveValue(`khong gian ${token}`);

  const item = page.getByRole("article", { name: geometry.title });
  await expect(item.getByText("Kho ngoài · chỉ xem")).toBeVisible();
  await expect(item.getByText("Nguyễn Thị Hình")).toBeVisible();
  await expect(item.getByText(geometry.host, { exact: true })).toBeVisible();
  const link = item.getByRole("link", { name: `Mở tại nguồn: ${geometry.title} (trang của kho nguồn, mở trong thẻ mới)` });
  await expect(link).toHaveAttribute("href", geometry.url);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");

  await page.getByRole("link", { name: "Bỏ lọc" }).click();
  await expect(page).toHaveURL(/\/repository\/external$/);
  await expect(page.getByLabel("Tìm theo tên hoặc mô tả")).toHaveValue("");
});

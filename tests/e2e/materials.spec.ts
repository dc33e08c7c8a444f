import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { ffmpeg, paddedVideo, SLIDES_FODP, sofficeConvert } from "../support/material-files";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

const H5P_FIXTURE = fileURLToPath(new URL("../../../shared/fixtures/h5p/true-false-hello-world.h5p", import.meta.url));

let dir = "";
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "khl-e2e-materials-"));
  await writeFile(path.join(dir, "slides.fodp"), SLIDES_FODP);
  await Promise.all([
    sofficeConvert(dir, "slides.fodp", "pptx", "profile"),
    ffmpeg(
      ...["-f", "lavfi", "-i", "testsrc=duration=4:size=640x360:rate=10", "-f", "lavfi", "-i", "sine=duration=4"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
      ...["-movflags", "+faststart", path.join(dir, "lesson.mp4")],
    ),
  ]);
});
// The padded video alone is 300 MB: left behind, every run would fill the disk of the machine running the tests.
test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startMaterial(page: Page, kind: string) {
  await page.goto("/materials");
  await expect(page.getByRole("heading", { name: "Học liệu của tôi" })).toBeVisible();
  await page.getByRole("link", { name: "Thêm học liệu" }).click();
  await page.getByRole("link", { name: new RegExp(`^${kind}`) }).click();
  await expect(page.getByRole("heading", { name: `Thêm học liệu: ${kind}` })).toBeVisible();
}

async function describeMaterial(page: Page, title: string) {
  await page.getByLabel("Tiêu đề", { exact: true }).fill(title);
  await page.getByLabel("Môn học").selectOption({ label: "Toán" });
  await page.getByRole("checkbox", { name: "Lớp 6" }).check();
  // The topics of the chosen subject and grade appear below (and push the button down) once loaded.
  await expect(page.getByRole("checkbox", { name: "Phân số (Lớp 6)" })).toBeVisible();
}

async function uploadFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel("Chọn tệp trên máy").setInputFiles(file);
  await expect(page.getByText(`Đã tải lên ${file.name}`)).toBeVisible({ timeout: 60_000 });
}

test("a teacher uploads a video, resumes after the connection drops, and it plays with a poster frame", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name === "phone", "one large upload per run is enough");
  test.setTimeout(240_000);
  const teacher = await createAccount({ role: "teacher", fullName: "Nguyễn Văn Minh" });
  await signIn(page, teacher, "/materials");
  await startMaterial(page, "Video");
  // The acceptance case: a 300 MB video (a real 4-second clip padded with an MP4 "free" box).
  const file = path.join(dir, "phan-so.mp4");
  await paddedVideo(path.join(dir, "lesson.mp4"), file, 300 * 1024 * 1024);

  // The connection drops once the first part is stored: the page says so at once and keeps the stored parts;
  // when the network is back the upload carries on by itself from where it was.
  const firstPart = page.waitForResponse((response) => response.request().method() === "PUT" && response.ok());
  await page.getByLabel("Chọn tệp trên máy").setInputFiles(file);
  await firstPart;
  await page.context().setOffline(true);
  await expect(page.getByRole("alert").filter({ hasText: "Mất kết nối khi đang tải lên" })).toBeVisible();
  await page.waitForTimeout(2_000);
  await page.context().setOffline(false);
  await expect(page.getByText(/Đã tải lên phan-so\.mp4 \(300 MB\)/)).toBeVisible({ timeout: 120_000 });

  await describeMaterial(page, "Video bài giảng: Phân số");
  await page.getByRole("button", { name: "Lưu học liệu" }).click();
  await expect(page.getByRole("heading", { name: "Video bài giảng: Phân số" })).toBeVisible();
  await expect(page.getByText("Đã lưu học liệu (bản nháp).")).toBeVisible();
  const player = page.locator("video");
  await expect(player).toHaveAccessibleName("Video bài giảng: Phân số");
  await expect(player).toHaveAttribute("poster", /poster\.jpg/, { timeout: 60_000 });
  await expect(page.getByText(/0:04 phút/)).toBeVisible();
  // The browser reads the video's metadata from storage through the presigned address (range requests).
  await expect
    .poll(() => player.evaluate((element: HTMLVideoElement) => element.duration), { timeout: 20_000 })
    .toBeGreaterThan(3.5);
});

test("slides become a page-by-page preview", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "LibreOffice conversions are slow; the desktop run covers them");
  test.setTimeout(90_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/materials");
  await startMaterial(page, "Bài trình chiếu");
  await uploadFile(page, {
    name: "phan-so.pptx",
    mimeType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    buffer: await readFile(path.join(dir, "slides.pptx")),
  });
  await describeMaterial(page, "Trình chiếu: Phân số");
  await page.getByRole("button", { name: "Lưu học liệu" }).click();
  await expect(page.getByRole("heading", { name: "Trình chiếu: Phân số" })).toBeVisible();
  const pages = page.getByRole("list", { name: "Các trang xem trước" });
  await expect(pages.getByRole("img")).toHaveCount(3, { timeout: 60_000 });
  await expect(pages.getByRole("img", { name: "Trang 1 của Trình chiếu: Phân số" })).toBeVisible();
  await expect(page.getByText(/3 trang/)).toBeVisible();
});

test("a lecture's formula renders the same in the editor and on the lecture page", async ({ page }) => {
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/materials");
  await startMaterial(page, "Bài giảng điện tử");
  await describeMaterial(page, "Bài giảng: Phương trình bậc hai");
  const editor = page.getByRole("textbox", { name: "Nội dung bài giảng" });
  await editor.click();
  await page.keyboard.type("Công thức nghiệm: ");
  await page.keyboard.type("$x = \\frac{-b \\pm \\sqrt{\\Delta}}{2a}$");
  const editorMath = editor.locator(".math-inline .katex-html");
  await expect(editorMath).toBeVisible();
  const inEditor = await editorMath.innerHTML();
  // KaTeX's stylesheet is loaded with the form: without it the square root's wide SVG overflows a phone screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.getByRole("button", { name: "Lưu học liệu" }).click();

  await expect(page.getByRole("heading", { name: "Bài giảng: Phương trình bậc hai" })).toBeVisible();
  const article = page.locator("article.lecture-content");
  await expect(article).toContainText("Công thức nghiệm:");
  expect(await article.locator(".math-inline .katex-html").innerHTML()).toBe(inEditor);
  await expect(article.locator("annotation")).toHaveText("x = \\frac{-b \\pm \\sqrt{\\Delta}}{2a}");
});

test("an H5P activity plays in its sandbox and the answer is recorded", async ({ page }) => {
  test.setTimeout(90_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/materials");
  await startMaterial(page, "Mô phỏng H5P");
  await uploadFile(page, { name: "dung-sai.h5p", mimeType: "application/zip", buffer: await readFile(H5P_FIXTURE) });
  await describeMaterial(page, "Đúng hay sai: Trái Đất");
  await page.getByRole("button", { name: "Lưu học liệu" }).click();
  await expect(page.getByRole("heading", { name: "Đúng hay sai: Trái Đất" })).toBeVisible();
  // Packages run their own scripts, so the player lives in an opaque-origin sandbox (no allow-same-origin).
  await expect(page.locator('iframe[title="Đúng hay sai: Trái Đất"]')).toHaveAttribute("sandbox", "allow-scripts allow-popups");
  const activity = page.frameLocator('iframe[title="Đúng hay sai: Trái Đất"]');
  // The fixture asks "Is this false?": answering False scores 1 of 1.
  const answerFalse = activity.getByRole("radio", { name: "False" });
  await answerFalse.waitFor({ timeout: 60_000 });
  // On a busy machine a click can land before the player has wired its answers: choose again until it shows as chosen.
  await expect(async () => {
    await answerFalse.click();
    await expect(answerFalse).toBeChecked({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const posted = page.waitForRequest((request) => request.url().endsWith("/h5p-results") && request.method() === "POST");
  await activity.getByRole("button", { name: "Check" }).click();
  expect((await posted).postDataJSON()).toMatchObject({ verb: "answered", scoreRaw: 1, scoreMax: 1, success: true });
  await expect(page.getByText("Đã ghi nhận kết quả: 1/1 điểm.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Đã ghi nhận kết quả: 1/1 điểm.")).toBeVisible();
});

test("hostile files are refused with a Vietnamese reason and nothing is kept", async ({ page }) => {
  test.setTimeout(60_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/materials");
  await startMaterial(page, "Tài liệu");
  const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0"), Buffer.alloc(4000, 7)]);
  exe.writeUInt32LE(64, 60);
  await page.getByLabel("Chọn tệp trên máy").setInputFiles({ name: "de-thi.pdf", mimeType: "application/pdf", buffer: exe });
  await expect(page.getByRole("alert")).toHaveText(
    "Tệp «de-thi.pdf» bị từ chối: nội dung thật là chương trình Windows (.exe), không phải tài liệu (chấp nhận PDF, DOCX, ODT).",
  );
  await expect(page.getByRole("button", { name: "Lưu học liệu" })).toBeDisabled();

  await page.goto("/materials/new?kind=image");
  await page.getByLabel("Chọn tệp trên máy").setInputFiles({
    name: "anh-lon.png",
    mimeType: "image/png",
    buffer: Buffer.alloc(21 * 1024 * 1024),
  });
  await expect(page.getByRole("alert")).toHaveText("Tệp «anh-lon.png» nặng 21 MB, vượt giới hạn 20 MB cho hình ảnh.");

  // The form keeps what was typed when the server refuses the save.
  await page.goto("/materials/new?kind=link");
  await page.getByLabel("Địa chỉ liên kết").fill("javascript:alert(1)");
  await describeMaterial(page, "Liên kết nguy hiểm");
  await page.getByRole("button", { name: "Lưu học liệu" }).click();
  await expect(page.getByText("Nhập địa chỉ bắt đầu bằng http:// hoặc https://.")).toBeVisible();
  await expect(page.getByLabel("Tiêu đề", { exact: true })).toHaveValue("Liên kết nguy hiểm");
  await page.goto("/materials");
  await expect(page.getByText("Chưa có học liệu nào khớp bộ lọc.")).toBeVisible();
});

test("my materials: filter by kind and delete a draft in bulk", async ({ page }) => {
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/materials");
  for (const title of ["Liên kết: Hành trang số", "Liên kết: Học liệu số Bộ GDĐT"]) {
    await page.goto("/materials/new?kind=link");
    await page.getByLabel("Địa chỉ liên kết").fill("https://hanhtrangso.nxbgd.vn");
    await describeMaterial(page, title);
    await page.getByRole("button", { name: "Lưu học liệu" }).click();
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
  }
  // Editing a draft changes it in place; the history lists the version with its author.
  await page.getByRole("link", { name: "Sửa", exact: true }).click();
  await expect(page.getByRole("checkbox", { name: "Phân số (Lớp 6)" })).toBeVisible();
  await page.getByLabel("Tiêu đề", { exact: true }).fill("Liên kết: Học liệu số (Bộ GDĐT)");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText("Đã lưu thay đổi.")).toBeVisible();
  await page.getByRole("link", { name: "Lịch sử phiên bản" }).click();
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Phiên bản 1 — Liên kết: Học liệu số (Bộ GDĐT)" })).toBeVisible();

  await page.goto("/materials");
  await page.getByLabel("Loại").selectOption({ label: "Video" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByText("Chưa có học liệu nào khớp bộ lọc.")).toBeVisible();
  await page.getByLabel("Loại").selectOption({ label: "Liên kết" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByText("Số học liệu: 2")).toBeVisible();
  await page.getByRole("checkbox", { name: "Chọn «Liên kết: Hành trang số»" }).check();
  await page.getByRole("button", { name: "Xóa mục đã chọn" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã xóa 1 học liệu.");
  await expect(page.getByText("Số học liệu: 1")).toBeVisible();
});

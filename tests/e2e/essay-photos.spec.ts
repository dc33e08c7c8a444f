import type { APIRequestContext, Browser, Locator, Page } from "@playwright/test";
import { cameraJpeg, describeImage, plainPng } from "../support/images";
import { signIn, type Account } from "./accounts";
import { expect, test } from "./fixtures";
import { localInput, schoolWithClass } from "./school";

/** Class 12A2 with two students and one approved Toán 12 essay (essays allow photos by default). */
async function schoolWithEssay() {
  const school = await schoolWithClass({
    name: "Trường THPT Ảnh Bài Làm",
    className: "12A2",
    teacher: "Võ Thanh Hương",
    students: ["Phạm Thu Hà", "Đỗ Quang Huy"],
    perTopicAndLevel: { essay: 1 },
    topicCount: 1,
  });
  const [withScript, withoutScript] = school.students as [Account, Account];
  return { teacher: school.teacher, withScript, withoutScript, essayId: school.questionIds[0]! };
}

// The size tells the photos apart. The page's script redraws the first two; the third goes without JavaScript, as the
// phone wrote it: on its side with an orientation tag, and with the place it was taken.
const PAGE_ONE = { name: "trang-1.png", mimeType: "image/png", buffer: Buffer.from(await plainPng(48, 64)) };
const PAGE_TWO = { name: "trang-2.png", mimeType: "image/png", buffer: Buffer.from(await plainPng(36, 52)) };
const PAGE_PLAIN_FORM = { name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: Buffer.from(await cameraJpeg(60, 40, 6)) };

/** The thumbnail is shown and its bytes really arrived (through the redirect to storage): a broken image has no width. */
async function expectLoaded(image: Locator, width: number) {
  await image.scrollIntoViewIfNeeded();
  await expect(image).toBeVisible();
  await expect(image).toHaveJSProperty("naturalWidth", width);
}

/** The essay's answer as the server stored it (the attempts API, with the student's session). */
async function storedPhotos(request: APIRequestContext, attemptId: string, itemKey: string): Promise<string[] | null> {
  const response = await request.get(`/api/v1/attempts/${attemptId}`);
  expect(response.status()).toBe(200);
  const attempt = (await response.json()) as {
    responses: Record<string, { response: { type: string; photoUploadIds?: string[] } }>;
  };
  const stored = attempt.responses[itemKey]?.response;
  return stored?.type === "essay" ? (stored.photoUploadIds ?? []) : null;
}

/** The photo as the server keeps it, whoever sent it: upright JPEG, without what the camera wrote into the file. */
async function expectKeptPhoto(request: APIRequestContext, attemptId: string, photoId: string, width: number, height: number) {
  const response = await request.get(`/api/v1/attempts/${attemptId}/photos/${photoId}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/jpeg");
  expect(await describeImage(await response.body())).toEqual({
    format: "jpeg",
    width,
    height,
    orientation: null,
    cameraMetadata: false,
  });
}

/** Errors of a page outside the `page` fixture (the students' own browsers), as the fixture collects them. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return errors;
}

async function startTest(browser: Browser, account: Account, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  // The quiz page's script arrives late, as on a slow connection: the student starts writing before it runs.
  let scriptArrived = () => {};
  const scriptHeld = new Promise<void>((resolve) => (scriptArrived = resolve));
  await page.route(/\/assets\/quiz-client-[^/]*\.js$/, async (route) => {
    await scriptHeld;
    await route.continue();
  });
  const errors = watchErrors(page);
  await signIn(page, account, "/tests");
  await page.getByRole("link", { name: "Bài tự luận có ảnh" }).click();
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await expect(page).toHaveURL(/\/attempts\/[0-9a-f]{24}/);
  const attemptId = /\/attempts\/([0-9a-f]{24})/.exec(page.url())![1]!;
  const essay = page.getByRole("group", { name: /^Câu 1/ });
  await expect(essay.getByLabel("Thêm ảnh chụp bài làm trên giấy")).toBeVisible();
  const itemKey = (await essay.getAttribute("data-item-key"))!;
  return { context, page, errors, attemptId, itemKey, essay, scriptArrived };
}

test("essay photos: a student sends photos of the work on paper (with and without JavaScript), the teacher sees them while grading", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const school = await schoolWithEssay();

  // The teacher builds a test by hand with one essay, which allows photos (the question's default).
  await signIn(page, school.teacher, "/assessments/new?subject=TOAN&grade=12");
  await page.getByLabel("Tên bài kiểm tra").fill("Bài tự luận có ảnh");
  await page.getByLabel("Cấu trúc đề").selectOption("");
  await page.getByRole("button", { name: "Tạo và mở bài kiểm tra" }).click();
  await expect(page.getByRole("heading", { name: "Bài tự luận có ảnh" })).toBeVisible();
  await page.goto(`/questions/${school.essayId}`);
  await expect(page.getByText("Có thể nộp kèm ảnh chụp bài làm trên giấy.")).toBeVisible();
  const addForm = page.getByRole("form", { name: "Thêm vào bài kiểm tra" });
  await addForm.getByLabel("Bài kiểm tra").selectOption({ label: "Bài tự luận có ảnh" });
  await addForm.getByLabel("Số điểm").fill("10");
  await addForm.getByRole("button", { name: "Thêm" }).click();
  await expect(page.getByText("Đã thêm câu hỏi vào bài kiểm tra.")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.getByRole("link", { name: "Mở bài kiểm tra" }).click();
  await expect(page.getByText("Tổng 10 điểm")).toBeVisible();
  await page.getByLabel("Số mã đề").fill("2");
  await page.getByRole("button", { name: "Tạo đề" }).click();
  await expect(page.getByText("101, 102")).toBeVisible();
  await page.getByLabel("Mở lúc").fill(localInput(new Date(Date.now() - 5 * 60_000)));
  await page.getByLabel("Đóng lúc").fill(localInput(new Date(Date.now() + 3_600_000)));
  await page.getByLabel("Cho học sinh xem kết quả").selectOption("immediately");
  await page.getByRole("button", { name: "Giao bài" }).click();
  await expect(page.getByText("Đã giao bài kiểm tra cho lớp.")).toBeVisible();

  // A student with JavaScript: each photo is sent as soon as it is chosen and kept with the essay's answer.
  const first = await startTest(browser, school.withScript, true);
  const { essay: firstEssay } = first;
  const saveState = first.page.getByTestId("save-state");
  const photoStatus = firstEssay.getByRole("status");
  const photoField = firstEssay.getByLabel("Thêm ảnh chụp bài làm trên giấy");
  await firstEssay.getByLabel("Bài làm", { exact: true }).fill("Em làm trên giấy, xem ảnh chụp bên dưới.");
  expect(await storedPhotos(first.page.request, first.attemptId, first.itemKey)).toBeNull();
  // Once the script runs it finds the answer written before it and saves it.
  first.scriptArrived();
  await expect.poll(() => storedPhotos(first.page.request, first.attemptId, first.itemKey)).toEqual([]);
  await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 15_000 });

  const sent = first.page.waitForResponse(
    (response) =>
      response.request().method() === "POST" &&
      new URL(response.url()).pathname === `/api/v1/attempts/${first.attemptId}/responses/${first.itemKey}/photos`,
  );
  await photoField.setInputFiles(PAGE_ONE);
  expect((await sent).status()).toBe(201);
  await expect(photoStatus).toHaveText("Đã gửi ảnh.");
  await expectLoaded(firstEssay.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 48);
  const keepFirst = firstEssay.getByRole("checkbox", { name: "Giữ ảnh 1" });
  await expect(keepFirst).toBeChecked();
  await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect(saveState).toHaveText("Đã lưu");
  const firstPhotoId = await keepFirst.inputValue();
  await expect.poll(() => storedPhotos(first.page.request, first.attemptId, first.itemKey)).toEqual([firstPhotoId]);
  await expectKeptPhoto(first.page.request, first.attemptId, firstPhotoId, 48, 64);

  await photoField.setInputFiles(PAGE_TWO);
  await expect(photoStatus).toHaveText("Đã gửi ảnh.");
  await expectLoaded(firstEssay.getByRole("img", { name: "Ảnh bài làm 2", exact: true }), 36);
  const keepSecond = firstEssay.getByRole("checkbox", { name: "Giữ ảnh 2" });
  await expect(keepSecond).toBeChecked();
  const secondPhotoId = await keepSecond.inputValue();
  expect(secondPhotoId).not.toBe(firstPhotoId);
  await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect
    .poll(() => storedPhotos(first.page.request, first.attemptId, first.itemKey))
    .toEqual([firstPhotoId, secondPhotoId]);

  // The server decides by the bytes: a text file named like a photo is refused, in Vietnamese; the photos stay.
  await photoField.setInputFiles({
    name: "bai.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("Bài làm gõ bằng máy, không phải ảnh."),
  });
  await expect(photoStatus).toHaveText("bai.jpg: Ảnh bài làm phải là tệp JPEG, PNG hoặc WebP.");
  await expect(firstEssay.getByRole("checkbox", { name: /Giữ ảnh/ })).toHaveCount(2);
  await expect(keepFirst).toBeChecked();
  await expect(keepSecond).toBeChecked();
  await expect(firstEssay.getByRole("img", { name: "Ảnh bài làm 3", exact: true })).toHaveCount(0);
  await expect
    .poll(() => storedPhotos(first.page.request, first.attemptId, first.itemKey))
    .toEqual([firstPhotoId, secondPhotoId]);

  // Reloaded, the page shows what the server kept.
  await first.page.reload();
  await expect(firstEssay.getByLabel("Bài làm", { exact: true })).toHaveValue("Em làm trên giấy, xem ảnh chụp bên dưới.");
  await expectLoaded(firstEssay.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 48);
  await expectLoaded(firstEssay.getByRole("img", { name: "Ảnh bài làm 2", exact: true }), 36);
  await expect(keepFirst).toBeChecked();
  await expect(keepSecond).toBeChecked();
  await expect(photoStatus).toBeEmpty();

  // Unticking "Giữ ảnh 1" drops that photo from the answer.
  await keepFirst.uncheck();
  await expect.poll(() => storedPhotos(first.page.request, first.attemptId, first.itemKey)).toEqual([secondPhotoId]);
  await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect(saveState).toHaveText("Đã lưu");
  await first.page.reload();
  await expect(firstEssay.getByRole("checkbox", { name: /Giữ ảnh/ })).toHaveCount(1);
  await expect(keepFirst).toHaveValue(secondPhotoId);
  await expect(keepFirst).toBeChecked();
  await expectLoaded(firstEssay.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 36);
  await expect(firstEssay.getByRole("img", { name: "Ảnh bài làm 2", exact: true })).toHaveCount(0);

  first.page.once("dialog", (dialog) => void dialog.accept());
  await first.page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(first.page.getByRole("heading", { name: "Kết quả bài làm" })).toBeVisible({ timeout: 20_000 });
  await expect(first.page.getByText("Bài có câu tự luận đang chờ thầy cô chấm")).toBeVisible();
  expect(first.errors, "browser errors (student with JavaScript)").toEqual([]);
  await first.context.close();

  // A student whose browser runs no JavaScript: the photo goes with the plain form post (multipart), no text needed.
  const second = await startTest(browser, school.withoutScript, false);
  const { essay: secondEssay } = second;
  await secondEssay.getByLabel("Thêm ảnh chụp bài làm trên giấy").setInputFiles(PAGE_PLAIN_FORM);
  await second.page.getByRole("button", { name: "Lưu bài" }).click();
  await expect(second.page).toHaveURL(/[?&]saved=1/);
  await expect(second.page.getByText("Đã lưu bài làm (1 câu đã trả lời).")).toBeVisible();
  await expect(second.page.getByText(/ảnh không gửi được/)).toHaveCount(0);
  await expectLoaded(secondEssay.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 40);
  const keepPlain = secondEssay.getByRole("checkbox", { name: "Giữ ảnh 1" });
  await expect(keepPlain).toBeChecked();
  const plainPhotoId = await keepPlain.inputValue();
  expect(await storedPhotos(second.page.request, second.attemptId, second.itemKey)).toEqual([plainPhotoId]);
  await expectKeptPhoto(second.page.request, second.attemptId, plainPhotoId, 40, 60);
  // Submitting sends the kept photo's box again and no new file: the answer is unchanged.
  await second.page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(second.page.getByText("Bài có câu tự luận đang chờ thầy cô chấm")).toBeVisible();
  expect(await storedPhotos(second.page.request, second.attemptId, second.itemKey)).toEqual([plainPhotoId]);
  expect(second.errors, "browser errors (student without JavaScript)").toEqual([]);
  await second.context.close();

  // The teacher grades the essays with the photos in view: each opens in full.
  await page.getByRole("link", { name: "Chấm tự luận" }).click();
  await expect(page).toHaveURL(/\/assessments\/grading\/[0-9a-f]{24}$/);
  await expect(page.getByText("Còn 2 bài tự luận chờ chấm")).toBeVisible();
  const ha = page.getByRole("listitem", { name: /Phạm Thu Hà/ });
  const huy = page.getByRole("listitem", { name: /Đỗ Quang Huy/ });
  await expect(ha.getByText("Em làm trên giấy, xem ảnh chụp bên dưới.")).toBeVisible();
  await expectLoaded(ha.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 36);
  await expect(ha.getByRole("img", { name: /Ảnh bài làm/ })).toHaveCount(1);
  await expect(ha.getByRole("link", { name: "Ảnh bài làm 1", exact: true })).toHaveAttribute(
    "href",
    `/api/v1/attempts/${first.attemptId}/photos/${secondPhotoId}`,
  );
  await expectLoaded(huy.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 40);
  await expect(huy.getByRole("img", { name: /Ảnh bài làm/ })).toHaveCount(1);
  await expect(huy.getByText("(Học sinh không trả lời)")).toHaveCount(0);

  await ha.getByLabel("Điểm (tối đa 10)").fill("8,5");
  await ha.getByLabel("Nhận xét").fill("Trình bày rõ trên giấy.");
  await ha.getByRole("button", { name: "Lưu điểm" }).click();
  await expect(ha.getByText("Đã lưu điểm.")).toBeVisible();
  await huy.getByLabel("Điểm (tối đa 10)").fill("7");
  await huy.getByRole("button", { name: "Lưu điểm" }).click();
  await expect(huy.getByText("Đã lưu điểm.")).toBeVisible();
  await expect(page.getByText("Còn 0 bài tự luận chờ chấm")).toBeVisible();

  // One attempt as the teacher reviews it: the photo, which opens in full in a new tab.
  await page.getByRole("link", { name: "Kết quả" }).click();
  await expect(page.getByRole("row", { name: /Phạm Thu Hà/ }).getByRole("cell", { name: "8,5", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Phạm Thu Hà" }).click();
  await expect(page.getByRole("heading", { name: /Phạm Thu Hà/ })).toBeVisible();
  const photos = page.getByRole("list", { name: "Ảnh bài làm" });
  await expectLoaded(photos.getByRole("img", { name: "Ảnh bài làm 1", exact: true }), 36);
  await expect(photos.getByRole("listitem")).toHaveCount(1);
  const opened = page.waitForEvent("popup");
  await photos.getByRole("link", { name: "Ảnh bài làm 1", exact: true }).click();
  const full = await opened;
  await full.waitForLoadState();
  expect(new URL(full.url()).pathname).toContain(`/attempts/${first.attemptId}/photos/${secondPhotoId}.jpg`);
  await expect(full.locator("img")).toHaveJSProperty("naturalWidth", 36);
  await full.close();
});

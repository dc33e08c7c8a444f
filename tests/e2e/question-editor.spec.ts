import type { Locator, Page } from "@playwright/test";
import { createAccount, signIn } from "./accounts";
import { expect, test } from "./fixtures";

/**
 * A teacher writes one question of every type in the question editor (/questions/new): the type,
 * the stem (with a formula), the answers, the classification; checks the live student preview
 * (the question without its answers, then with them), saves, and finds the question and its
 * answer on its page.
 */

/** The editor: waits for the rich text fields (loaded lazily, after hydration), then picks the type. */
async function startQuestion(page: Page, type: string) {
  await page.goto("/questions/new");
  await expect(page.getByRole("heading", { level: 1, name: "Soạn câu hỏi mới" })).toBeVisible();
  await expect(stemField(page)).toBeVisible();
  // Choosing the type re-renders the form: before hydration React logs #421 (an update reaching an unhydrated boundary).
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByLabel("Dạng câu hỏi", { exact: true }).selectOption({ label: type });
}

const stemField = (page: Page) => page.getByRole("textbox", { name: "Đề bài", exact: true });
const preview = (page: Page) => page.getByRole("complementary", { name: "Xem như học sinh" });
const showAnswersButton = (page: Page) => preview(page).getByRole("button", { name: "Hiện đáp án và lời giải" });

/** Types into a rich text field (the lecture editor) and checks the text is there. */
async function typeRich(field: Locator, text: string) {
  await field.fill(text);
  await expect(field).toContainText(text);
}

/** Subject Toán, grade 10 and a level; waits for the topics of the pair, which push the save button down. */
async function classify(page: Page, level = "Thông hiểu") {
  await page.getByLabel("Môn học", { exact: true }).selectOption({ label: "Toán" });
  await page.getByLabel("Lớp", { exact: true }).selectOption({ label: "Lớp 10" });
  await page.getByLabel("Mức độ nhận thức", { exact: true }).selectOption({ label: level });
  const topics = page.getByRole("group", { name: "Chủ đề", exact: true });
  await expect(topics.getByRole("checkbox").first().or(topics.getByText("Chưa có chủ đề nào cho môn và lớp này."))).toBeVisible();
}

/** The preview shows the answers once the author asks for them. */
async function showAnswers(page: Page) {
  await showAnswersButton(page).click();
  await expect(showAnswersButton(page)).toHaveAttribute("aria-pressed", "true");
}

/** Saves and lands on the question's page, whose title names the type and says it is a draft. */
async function save(page: Page, typeOnPage: string) {
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page).toHaveURL(/\/questions\/(?!new$)[^/?#]+$/);
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toContainText(typeOnPage);
  await expect(title).toContainText("Bản nháp");
  await expect(page.getByRole("region", { name: "Thông tin câu hỏi" })).toContainText("Toán · Lớp 10");
}

/**
 * The review workflow for questions is being added: once the question page offers "Gửi duyệt",
 * sending the draft shows the status "Đã gửi duyệt". Until then the step is skipped.
 * TODO: make unconditional when questions have the button.
 */
/** The author sends the saved question to the subject group (the demo school's Toán group reviews it). */
async function submitForReview(page: Page) {
  await page.getByRole("button", { name: "Gửi duyệt", exact: true }).click();
  await expect(page.getByText("Đã gửi duyệt tới tổ chuyên môn.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/đã gửi duyệt/i);
}

test("a teacher writes a multiple choice question with a formula and a multiple response question", async ({ page }) => {
  test.setTimeout(60_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/questions");
  const tag = teacher.username;

  // ---- Trắc nghiệm nhiều phương án, with a formula inserted from the toolbar ----
  await startQuestion(page, "Trắc nghiệm nhiều phương án");
  await typeRich(stemField(page), `(${tag}) Số nghiệm thực của phương trình `);
  // The stem is the first rich text field: its toolbar comes first.
  await page.getByRole("toolbar", { name: "Định dạng nội dung" }).first().getByRole("button", { name: "Công thức toán" }).click();
  const formulaPanel = page.getByRole("group", { name: "Công thức toán" });
  await formulaPanel.getByLabel("Công thức (LaTeX)").fill("x^2 - 3x + 2 = 0");
  await formulaPanel.getByRole("button", { name: "Chèn công thức" }).click();
  await expect(formulaPanel).toBeHidden();
  await page.keyboard.type(" là bao nhiêu?");
  await expect(stemField(page)).toContainText("là bao nhiêu?");
  await expect(stemField(page).getByRole("math")).toHaveCount(1);

  const options = ["0 nghiệm", "2 nghiệm", "1 nghiệm", "3 nghiệm"];
  for (const [index, text] of options.entries()) {
    await typeRich(page.getByRole("textbox", { name: `Phương án ${"ABCD"[index]}`, exact: true }), text);
  }
  await page.getByRole("radio", { name: "Phương án B là đáp án đúng" }).check();
  await classify(page);

  const single = preview(page);
  await expect(single.getByText("là bao nhiêu?")).toBeVisible();
  await expect(single.getByRole("math")).toHaveCount(1);
  await expect(single.getByRole("radio", { name: "D. 3 nghiệm" })).toBeVisible();
  await expect(single.getByRole("radio")).toHaveCount(4);
  for (const radio of await single.getByRole("radio").all()) await expect(radio).not.toBeChecked();
  await expect(single.getByText("Đáp án đúng")).toHaveCount(0);
  await showAnswers(page);
  await expect(single.getByText("Đáp án đúng")).toBeVisible();
  await expect(single.getByRole("radio", { name: "B. 2 nghiệm" })).toBeChecked();

  await save(page, "Nhiều phương án");
  await expect(page.getByText("là bao nhiêu?")).toBeVisible();
  await expect(page.getByRole("main").getByRole("math")).toHaveCount(1);
  await expect(page.getByRole("radio", { name: "B. 2 nghiệm" })).toBeChecked();
  await expect(page.getByRole("listitem").filter({ hasText: "2 nghiệm" }).getByText("Đáp án đúng")).toBeVisible();
  await submitForReview(page);

  // ---- Nhiều đáp án đúng ----
  await startQuestion(page, "Nhiều đáp án đúng");
  await typeRich(stemField(page), `(${tag}) Những số nào sau đây là số nguyên tố?`);
  const numbers = ["2", "4", "7", "9"];
  for (const [index, text] of numbers.entries()) {
    await typeRich(page.getByRole("textbox", { name: `Phương án ${"ABCD"[index]}`, exact: true }), text);
  }
  await page.getByRole("checkbox", { name: "Phương án A là đáp án đúng" }).check();
  await page.getByRole("checkbox", { name: "Phương án C là đáp án đúng" }).check();
  await classify(page, "Nhận biết");

  const multiple = preview(page);
  await expect(multiple.getByText("Những số nào sau đây là số nguyên tố?")).toBeVisible();
  await expect(multiple.getByText("Chọn tất cả các phương án đúng.")).toBeVisible();
  await expect(multiple.getByRole("checkbox", { name: "D. 9" })).toBeVisible();
  await expect(multiple.getByRole("checkbox")).toHaveCount(4);
  for (const box of await multiple.getByRole("checkbox").all()) await expect(box).not.toBeChecked();
  await expect(multiple.getByText("Đáp án đúng")).toHaveCount(0);
  await showAnswers(page);
  await expect(multiple.getByText("Đáp án đúng")).toHaveCount(2);
  await expect(multiple.getByRole("checkbox", { name: "A. 2" })).toBeChecked();
  await expect(multiple.getByRole("checkbox", { name: "C. 7" })).toBeChecked();
  await expect(multiple.getByRole("checkbox", { name: "B. 4" })).not.toBeChecked();

  await save(page, "Nhiều đáp án");
  await expect(page.getByText("Những số nào sau đây là số nguyên tố?")).toBeVisible();
  await expect(page.getByText("Đáp án đúng")).toHaveCount(2);
  await expect(page.getByRole("checkbox", { name: "A. 2" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "C. 7" })).toBeChecked();
  await submitForReview(page);
});

test("a teacher writes a true/false question and two short answer questions (a number and a text)", async ({ page }) => {
  test.setTimeout(60_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/questions");
  const tag = teacher.username;

  // ---- Đúng/Sai (4 ý) ----
  await startQuestion(page, "Đúng/Sai (4 ý)");
  await typeRich(stemField(page), `(${tag}) Cho hàm số bậc nhất y = 2x + 1. Xét tính đúng sai của các mệnh đề sau.`);
  const statements = [
    { letter: "a", text: "Hàm số đồng biến trên R.", truth: "Đúng" },
    { letter: "b", text: "Đồ thị đi qua điểm (0; 1).", truth: "Đúng" },
    { letter: "c", text: "Hệ số góc bằng 1.", truth: "Sai" },
    { letter: "d", text: "Đồ thị song song với y = 2x.", truth: "Đúng" },
  ];
  for (const { letter, text, truth } of statements) {
    await typeRich(page.getByRole("textbox", { name: `Ý ${letter})`, exact: true }), text);
    await page
      .getByRole("group", { name: `Ý ${letter}) là` })
      .getByRole("radio", { name: truth, exact: true })
      .check();
  }
  await classify(page);

  const trueFalse = preview(page);
  await expect(trueFalse.getByText("Xét tính đúng sai của các mệnh đề sau.")).toBeVisible();
  await expect(trueFalse.getByText("Đồ thị song song với y = 2x.")).toBeVisible();
  await expect(trueFalse.getByRole("radio")).toHaveCount(8);
  await expect(trueFalse.getByRole("radio", { name: "a) Đúng" })).not.toBeChecked();
  await expect(trueFalse.getByRole("radio", { name: "c) Sai" })).not.toBeChecked();
  await expect(trueFalse.getByText("Đáp án đúng")).toHaveCount(0);
  await showAnswers(page);
  await expect(trueFalse.getByRole("columnheader", { name: "Đáp án đúng" })).toBeVisible();
  for (const { letter, truth } of statements) {
    await expect(trueFalse.getByRole("radio", { name: `${letter}) ${truth}` })).toBeChecked();
  }

  await save(page, "Đúng/Sai");
  await expect(page.getByRole("columnheader", { name: "Đáp án đúng" })).toBeVisible();
  for (const { letter, truth } of statements) {
    await expect(page.getByRole("radio", { name: `${letter}) ${truth}` })).toBeChecked();
  }
  await submitForReview(page);

  // ---- Trả lời ngắn, a number written with a decimal comma ----
  await startQuestion(page, "Trả lời ngắn");
  await typeRich(stemField(page), `(${tag}) Tìm nghiệm của phương trình 2x + 3 = 0.`);
  await expect(page.getByRole("radio", { name: "Một số", exact: true })).toBeChecked();
  await page.getByLabel("Đáp án (số)").fill("-1,5");
  await classify(page, "Vận dụng");

  const numeric = preview(page);
  await expect(numeric.getByText("Tìm nghiệm của phương trình 2x + 3 = 0.")).toBeVisible();
  await expect(numeric.getByRole("textbox", { name: "Câu trả lời" })).toBeVisible();
  await expect(numeric.getByRole("textbox", { name: "Câu trả lời" })).toHaveValue("");
  await expect(numeric.getByText("Ghi kết quả là một số.")).toBeVisible();
  await expect(numeric.getByText("-1,5")).toHaveCount(0);
  await expect(numeric.getByText("Đáp án đúng")).toHaveCount(0);
  await showAnswers(page);
  await expect(numeric.getByText("Đáp án đúng")).toBeVisible();
  await expect(numeric.getByText("-1,5", { exact: true })).toBeVisible();

  await save(page, "Trả lời ngắn");
  await expect(page.getByText("Đáp án đúng")).toBeVisible();
  await expect(page.getByText("-1,5", { exact: true })).toBeVisible();
  await submitForReview(page);

  // ---- Trả lời ngắn, accepted words ----
  await startQuestion(page, "Trả lời ngắn");
  await typeRich(stemField(page), `(${tag}) Đồ thị hàm số bậc hai là đường gì?`);
  await page.getByRole("radio", { name: "Chữ", exact: true }).check();
  await page.getByLabel("Các đáp án chấp nhận").fill("Parabol\nĐường parabol");
  await classify(page, "Biết");

  const text = preview(page);
  await expect(text.getByText("Đồ thị hàm số bậc hai là đường gì?")).toBeVisible();
  await expect(text.getByRole("textbox", { name: "Câu trả lời" })).toBeVisible();
  await expect(text.getByText("Ghi kết quả là một số.")).toHaveCount(0);
  await expect(text.getByText("Đường parabol")).toHaveCount(0);
  // A text answer is shown under "Đáp án chấp nhận" (every accepted answer), not "Đáp án đúng".
  await showAnswers(page);
  await expect(text.getByText("Đáp án chấp nhận")).toBeVisible();
  await expect(text.getByRole("listitem").filter({ hasText: "Đường parabol" })).toBeVisible();
  await expect(text.getByText("không phân biệt chữ hoa, chữ thường")).toBeVisible();

  await save(page, "Trả lời ngắn");
  await expect(page.getByText("Đáp án chấp nhận")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /^Parabol$/ })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Đường parabol" })).toBeVisible();
  await submitForReview(page);
});

test("a teacher writes an essay question with a two-row rubric and a fill-in-the-blank question", async ({ page }) => {
  test.setTimeout(60_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/questions");
  const tag = teacher.username;

  // ---- Tự luận, 2 rubric rows adding up to 100% ----
  await startQuestion(page, "Tự luận");
  await typeRich(stemField(page), `(${tag}) Chứng minh rằng tổng ba góc trong một tam giác bằng 180 độ.`);
  const rubric = page.getByRole("group", { name: "Tiêu chí chấm", exact: true });
  const rows = rubric.getByRole("listitem");
  await rows.nth(0).getByLabel("Tiêu chí", { exact: true }).fill("Vẽ hình và nêu giả thiết, kết luận");
  await rows.nth(0).getByLabel("Tỉ trọng (%)").fill("40");
  await expect(rubric.getByText("Tổng tỉ trọng: 40% Chưa bằng 100%.")).toBeVisible();
  await rubric.getByRole("button", { name: "Thêm tiêu chí" }).click();
  await expect(rows).toHaveCount(2);
  await rows.nth(1).getByLabel("Tiêu chí", { exact: true }).fill("Lập luận chặt chẽ");
  await rows.nth(1).getByLabel("Tỉ trọng (%)").fill("60");
  await rows.nth(1).getByLabel("Mô tả (không bắt buộc)").fill("Dùng tính chất hai đường thẳng song song.");
  await expect(rubric.getByText("Tổng tỉ trọng: 100%")).toBeVisible();
  await classify(page, "Vận dụng");

  const essay = preview(page);
  await expect(essay.getByText("tổng ba góc trong một tam giác bằng 180 độ.")).toBeVisible();
  await expect(essay.getByRole("textbox", { name: "Bài làm" })).toBeVisible();
  await expect(essay.getByText("Có thể nộp kèm ảnh chụp bài làm trên giấy.")).toBeVisible();
  await expect(essay.getByRole("table", { name: "Tiêu chí chấm" })).toHaveCount(0);
  await expect(essay.getByText("Lập luận chặt chẽ")).toHaveCount(0);
  // An essay has no single correct answer: the answer view shows the marking criteria.
  await showAnswers(page);
  const previewRubric = essay.getByRole("table", { name: "Tiêu chí chấm" });
  await expect(previewRubric.getByRole("row", { name: /Vẽ hình và nêu giả thiết, kết luận\s+40%/ })).toBeVisible();
  await expect(previewRubric.getByRole("row", { name: /Lập luận chặt chẽ\s+60%/ })).toBeVisible();

  await save(page, "Tự luận");
  const savedRubric = page.getByRole("table", { name: "Tiêu chí chấm" });
  await expect(savedRubric.getByRole("row", { name: /Vẽ hình và nêu giả thiết, kết luận\s+40%/ })).toBeVisible();
  await expect(savedRubric.getByRole("row", { name: /Lập luận chặt chẽ\s+60%/ })).toBeVisible();
  await expect(savedRubric.getByText("Dùng tính chất hai đường thẳng song song.")).toBeVisible();
  await submitForReview(page);

  // ---- Điền khuyết, the gap [[1]] inserted with the stem's button ----
  await startQuestion(page, "Điền khuyết");
  await expect(page.getByText("Đề chưa có chỗ trống nào: thêm [[1]] vào đề bài.")).toBeVisible();
  await typeRich(stemField(page), `(${tag}) Tập nghiệm của bất phương trình x > 2 được viết là khoảng`);
  await page.getByRole("button", { name: "Chèn chỗ trống [[1]]" }).click();
  await page.keyboard.type(" trên trục số.");
  await expect(stemField(page)).toContainText("khoảng[[1]] trên trục số.");
  await expect(page.getByRole("button", { name: "Chèn chỗ trống [[2]]" })).toBeVisible();
  await page.getByLabel("Chỗ trống [[1]] — Các đáp án chấp nhận").fill("(2; +∞)\n(2;+∞)");
  await classify(page);

  const cloze = preview(page);
  await expect(cloze.getByText("Điền vào các chỗ trống.")).toBeVisible();
  await expect(cloze.getByText("trên trục số.")).toBeVisible();
  await expect(cloze.getByText("[[1]]")).toHaveCount(0);
  await expect(cloze.getByRole("textbox", { name: "Chỗ trống 1" })).toBeVisible();
  await expect(cloze.getByRole("textbox", { name: "Chỗ trống 1" })).toHaveValue("");
  await expect(cloze.getByText("Đáp án các chỗ trống")).toHaveCount(0);
  await showAnswers(page);
  await expect(cloze.getByText("Đáp án các chỗ trống")).toBeVisible();
  await expect(cloze.getByRole("textbox", { name: "Chỗ trống 1" })).toHaveValue("(2; +∞)");
  await expect(cloze.getByText("(2; +∞) / (2;+∞)")).toBeVisible();

  await save(page, "Điền khuyết");
  await expect(page.getByRole("textbox", { name: "Chỗ trống 1" })).toHaveValue("(2; +∞)");
  await expect(page.getByText("Đáp án các chỗ trống")).toBeVisible();
  await expect(page.getByText("(2; +∞) / (2;+∞)")).toBeVisible();
  await submitForReview(page);
});

test("a teacher writes a matching question and an ordering question", async ({ page }) => {
  test.setTimeout(60_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/questions");
  const tag = teacher.username;

  // ---- Ghép nối, 3 pairs ----
  await startQuestion(page, "Ghép nối");
  await typeRich(stemField(page), `(${tag}) Ghép mỗi hàm số với tập xác định của nó.`);
  const pairs = [
    { premise: "y = √x", response: "[0; +∞)" },
    { premise: "y = 1/x", response: "R \\ {0}" },
    { premise: "y = x²", response: "R" },
  ];
  for (const [index, { premise, response }] of pairs.entries()) {
    await typeRich(page.getByRole("textbox", { name: `Cột trái (Cặp ${index + 1})`, exact: true }), premise);
    await typeRich(page.getByRole("textbox", { name: `Cột phải (Cặp ${index + 1})`, exact: true }), response);
  }
  await classify(page);

  const matching = preview(page);
  await expect(matching.getByText("Ghép mỗi hàm số với tập xác định của nó.")).toBeVisible();
  await expect(matching.getByText("R \\ {0}")).toBeVisible();
  for (const number of [1, 2, 3]) {
    await expect(matching.getByRole("combobox", { name: `Ghép ý ${number} với` })).toHaveValue("");
  }
  await expect(matching.getByText("Các cặp ghép đúng")).toHaveCount(0);
  await showAnswers(page);
  await expect(matching.getByText("Các cặp ghép đúng")).toBeVisible();
  await expectPairs(matching, pairs);

  await save(page, "Ghép nối");
  await expect(page.getByText("Các cặp ghép đúng")).toBeVisible();
  await expectPairs(page.getByRole("main"), pairs);
  await submitForReview(page);

  // ---- Sắp xếp thứ tự, 4 items ----
  await startQuestion(page, "Sắp xếp thứ tự");
  await typeRich(stemField(page), `(${tag}) Sắp xếp các bước giải một phương trình bậc hai.`);
  const steps = ["Xác định a, b, c", "Tính biệt thức Δ", "Xét dấu của Δ", "Kết luận nghiệm"];
  for (const [index, text] of steps.entries()) {
    await typeRich(page.getByRole("textbox", { name: `Mục ${index + 1}`, exact: true }), text);
  }
  await classify(page);

  const ordering = preview(page);
  await expect(ordering.getByText("Sắp xếp các bước giải một phương trình bậc hai.")).toBeVisible();
  await expect(ordering.getByText("Kết luận nghiệm")).toBeVisible();
  for (const letter of "ABCD") {
    await expect(ordering.getByRole("combobox", { name: `Thứ tự của mục ${letter}` })).toHaveValue("");
  }
  // Case-sensitive: the student hint also says "… theo thứ tự đúng."
  await expect(ordering.getByText(/Thứ tự đúng/)).toHaveCount(0);
  await showAnswers(page);
  await expect(ordering.getByText(/Thứ tự đúng/)).toBeVisible();
  await expectOrder(ordering, steps);

  await save(page, "Sắp xếp");
  await expect(page.getByText(/Thứ tự đúng/)).toBeVisible();
  await expectOrder(page.getByRole("main"), steps);
  await submitForReview(page);
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** In the answer view, each left item's select shows the letter of its right item, and the summary lists the pairs. */
async function expectPairs(scope: Locator, pairs: readonly { premise: string; response: string }[]) {
  for (const [index, { response }] of pairs.entries()) {
    // The right column is shown shuffled, each item with its letter: "b. R".
    const responseItem = scope.getByRole("listitem").filter({ hasText: new RegExp(`^[a-z]\\.\\s*${escapeRegExp(response)}$`) });
    const letter = ((await responseItem.textContent()) ?? "").trim().charAt(0);
    expect(letter).toMatch(/^[a-c]$/);
    const select = scope.getByRole("combobox", { name: `Ghép ý ${index + 1} với` });
    await expect(select.getByRole("option", { name: letter, exact: true })).toHaveJSProperty("selected", true);
    await expect(scope.getByText(new RegExp(`(^|; )${index + 1} – ${letter}(;|$)`))).toBeVisible();
  }
}

/** In the answer view, each shuffled item's select shows its position in the correct order. */
async function expectOrder(scope: Locator, steps: readonly string[]) {
  for (const [index, step] of steps.entries()) {
    await expect(scope.getByRole("listitem").filter({ hasText: step }).getByRole("combobox")).toHaveValue(String(index + 1));
  }
}

test("saving a multiple choice question without its correct option shows why, next to the options, and keeps the work", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const teacher = await createAccount({ role: "teacher" });
  await signIn(page, teacher, "/questions");
  const stem = `(${teacher.username}) Giá trị của sin 30° là bao nhiêu?`;

  await startQuestion(page, "Trắc nghiệm nhiều phương án");
  await typeRich(stemField(page), stem);
  const options = ["1/2", "√3/2", "1", "0"];
  for (const [index, text] of options.entries()) {
    await typeRich(page.getByRole("textbox", { name: `Phương án ${"ABCD"[index]}`, exact: true }), text);
  }
  await classify(page, "Nhận biết");
  // The answer view of the preview already says no option is marked correct.
  await showAnswers(page);
  await expect(preview(page).getByText("Chưa chọn đáp án đúng.")).toBeVisible();

  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  const summary = page.getByRole("alert", { name: "Câu hỏi chưa lưu được. Hãy sửa các lỗi sau:" });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page).toHaveURL(/\/questions\/new$/);
  // The problem is named in words a teacher understands, in the summary and next to the options.
  // (Soft, so the rest of the journey is still checked when the wording is wrong.)
  await expect.soft(summary.getByRole("link", { name: "Các phương án: Chưa chọn phương án đúng." })).toBeVisible();
  const optionsGroup = page.getByRole("group", { name: "Các phương án", exact: true });
  await expect(optionsGroup.getByRole("alert")).toBeVisible();
  await expect.soft(optionsGroup.getByRole("alert")).toHaveText("Chưa chọn phương án đúng.");
  await expect.soft(optionsGroup).toHaveAccessibleDescription(/Chưa chọn phương án đúng\./);

  // Nothing typed is lost.
  await expect(stemField(page)).toHaveText(stem);
  for (const [index, text] of options.entries()) {
    await expect(page.getByRole("textbox", { name: `Phương án ${"ABCD"[index]}`, exact: true })).toHaveText(text);
  }
  await expect(page.getByLabel("Môn học", { exact: true })).toHaveValue("TOAN");
  await expect(page.getByLabel("Lớp", { exact: true })).toHaveValue("10");
  await expect(page.getByLabel("Mức độ nhận thức", { exact: true })).toHaveValue("nhan_biet");

  // Marking the correct option and saving again works.
  await page.getByRole("radio", { name: "Phương án A là đáp án đúng" }).check();
  await save(page, "Nhiều phương án");
  await expect(page.getByText("Giá trị của sin 30° là bao nhiêu?")).toBeVisible();
  await expect(page.getByRole("radio", { name: "A. 1/2" })).toBeChecked();
  await submitForReview(page);
});

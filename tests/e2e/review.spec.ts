import type { Browser, Page } from "@playwright/test";
import type { ReviewCriterion } from "#content-schemas/review";
import { User } from "#models/user";
import { Types } from "mongoose";
import { enrolStudent, saveClass } from "~/domain/classes/save-class.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { createAccount, signIn, type Account } from "./accounts";
import { expect, test } from "./fixtures";

const CRITERIA_LABELS: Record<ReviewCriterion, string> = {
  scientific_accuracy: "Chính xác, khoa học",
  curriculum_fit: "Phù hợp yêu cầu cần đạt của chương trình",
  pedagogy: "Phương pháp sư phạm",
  language_presentation: "Ngôn ngữ, trình bày",
  licence: "Bản quyền, giấy phép",
  technical_quality: "Chất lượng kỹ thuật",
};

async function as(browser: Browser, account: Account, path: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale: "vi-VN" })).newPage();
  await signIn(page, account, path);
  return page;
}

async function decide(page: Page, decision: "Duyệt" | "Yêu cầu chỉnh sửa", message: string, failing: string[] = []) {
  for (const label of Object.values(CRITERIA_LABELS)) {
    await page
      .getByRole("group", { name: label, exact: true })
      .getByRole("radio", { name: failing.includes(label) ? "Chưa đạt" : "Đạt", exact: true })
      .check();
  }
  await page.getByRole("group", { name: "Quyết định" }).getByRole("radio", { name: decision }).check();
  await page.getByLabel("Lời nhắn cho tác giả").fill(message);
  await page.getByRole("button", { name: "Gửi quyết định" }).click();
}

test("a material goes through the subject group, up to the district, and a sibling school opens it", async ({
  browser,
}, testInfo) => {
  test.skip(
    testInfo.project.name === "phone",
    "one journey through every role is enough; the screens are checked on phones elsewhere",
  );
  // Five people and two levels of review: long, and slower still while other journeys upload and convert files.
  test.setTimeout(300_000);
  // One after another: each account is written with its own short database connection.
  const author = await createAccount({ role: "teacher", fullName: "Lê Thu Trang" });
  const leader = await createAccount({ role: "teacher", fullName: "Phạm Văn Tổ" });
  const member = await createAccount({ role: "teacher", fullName: "Đỗ Minh Duyệt" });
  const districtReviewer = await createAccount({ role: "reviewer", organisationCode: "PGD-DONG", fullName: "Chuyên viên Toán" });
  const sibling = await createAccount({ role: "teacher", organisationCode: "THPT-CHU-VAN-AN", fullName: "Giáo viên trường bạn" });
  const student = await createAccount({ role: "student", organisationCode: "THPT-CHU-VAN-AN", fullName: "Học sinh trường bạn" });
  await connectDatabase();
  const id = async (account: Account) => String((await User.findOne({ username: account.username }).lean())!._id);
  const school = await organisationByCode("THCS-NGUYEN-DU");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: `Tổ Toán ${author.username}`,
    subjectCodes: ["TOAN"],
    leaderId: await id(leader),
    memberIds: [await id(leader), await id(member), await id(author)],
  });
  expect(group.ok).toBe(true);
  // The sibling school's teacher teaches Toán in a class the student belongs to.
  const siblingSchool = await organisationByCode("THPT-CHU-VAN-AN");
  const className = `10T${author.username.slice(-4).toUpperCase()}`;
  const schoolClass = await saveClass(siblingSchool, {
    schoolId: String(siblingSchool.id),
    schoolYear: currentSchoolYear(),
    name: className,
    grade: 10,
    homeroomTeacherId: "",
    subjectTeachers: [{ subjectCode: "TOAN", teacherId: await id(sibling) }],
  });
  expect(schoolClass.ok).toBe(true);
  await enrolStudent(siblingSchool, currentSchoolYear(), className, new Types.ObjectId(await id(student)));
  await disconnectDatabase();

  // The author writes a material and sends it to the subject group.
  const authorPage = await as(browser, author, "/materials/new?kind=link");
  const title = `Tư liệu Toán 6: Phân số (${author.username})`;
  await authorPage.getByLabel("Địa chỉ liên kết").fill("https://hanhtrangso.nxbgd.vn");
  await authorPage.getByLabel("Tiêu đề", { exact: true }).fill(title);
  await authorPage.getByLabel("Môn học").selectOption({ label: "Toán" });
  await authorPage.getByRole("checkbox", { name: "Lớp 6" }).check();
  await expect(authorPage.getByRole("checkbox", { name: "Phân số (Lớp 6)" })).toBeVisible();
  await authorPage.getByRole("button", { name: "Lưu học liệu" }).click();
  await expect(authorPage.getByRole("heading", { name: title })).toBeVisible();
  const materialUrl = authorPage.url().replace(/\?.*$/, "");
  await authorPage.getByRole("button", { name: "Gửi duyệt" }).click();
  await expect(authorPage.getByText("Đã gửi duyệt tới tổ chuyên môn.")).toBeVisible();

  // The group leader assigns a member with a due date.
  const leaderPage = await as(browser, leader, "/review");
  await leaderPage.getByRole("link", { name: title }).click();
  await leaderPage.getByLabel("Người duyệt").selectOption({ label: "Đỗ Minh Duyệt" });
  await leaderPage.getByLabel("Hạn duyệt").fill(new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
  await leaderPage.getByRole("button", { name: "Phân công" }).click();
  await expect(leaderPage.getByText("Đã phân công người duyệt.")).toBeVisible();

  // The reviewer asks for changes, criterion by criterion.
  const memberPage = await as(browser, member, "/review");
  await expect(memberPage.getByText(/Cần duyệt: 1/)).toBeVisible();
  await memberPage.getByRole("link", { name: title }).click();
  await decide(memberPage, "Duyệt", "", [CRITERIA_LABELS.pedagogy]);
  await expect(memberPage.getByText("Chỉ duyệt được khi mọi tiêu chí đều đạt.")).toBeVisible();
  await decide(memberPage, "Yêu cầu chỉnh sửa", "Thêm ví dụ so sánh phân số.", [CRITERIA_LABELS.pedagogy]);
  await expect(memberPage.getByText("Đã gửi yêu cầu chỉnh sửa cho tác giả.")).toBeVisible();

  // The author sees why, revises and sends it again.
  await authorPage.goto(materialUrl);
  await expect(authorPage.getByText("Thêm ví dụ so sánh phân số.").first()).toBeVisible();
  await authorPage.getByRole("link", { name: "Sửa", exact: true }).click();
  // The topic list of the subject loads below the summary (and moves the button) before the author saves.
  await expect(authorPage.getByRole("checkbox", { name: "Phân số (Lớp 6)" })).toBeVisible();
  await authorPage.getByLabel("Mô tả ngắn").fill("Có ví dụ so sánh phân số.");
  await authorPage.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(authorPage.getByText("Đã lưu thay đổi.")).toBeVisible();
  await authorPage.getByRole("button", { name: "Gửi duyệt" }).click();
  await expect(authorPage.getByText("Đã gửi duyệt tới tổ chuyên môn.")).toBeVisible();

  await leaderPage.goto("/review");
  await leaderPage.getByRole("link", { name: title }).click();
  await leaderPage.getByLabel("Người duyệt").selectOption({ label: "Đỗ Minh Duyệt" });
  await leaderPage.getByLabel("Hạn duyệt").fill(new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
  await leaderPage.getByRole("button", { name: "Phân công" }).click();
  await expect(leaderPage.getByText("Đã phân công người duyệt.")).toBeVisible();
  await memberPage.goto("/review");
  await memberPage.getByRole("link", { name: title }).click();
  await decide(memberPage, "Duyệt", "Đạt yêu cầu.");
  await expect(memberPage.getByText("Đã duyệt.")).toBeVisible();

  // Published to the school; the author nominates it to the district.
  await authorPage.goto(materialUrl);
  await expect(authorPage.getByText("Phạm vi chia sẻ: trong trường")).toBeVisible();
  await authorPage.getByRole("button", { name: "Đề cử lên cấp Phòng" }).click();
  await expect(authorPage.getByText("Đã đề cử lên cấp trên.")).toBeVisible();

  // A sibling school does not see it until the district's subject specialist approves.
  const siblingPage = await as(browser, sibling, "/");
  expect((await siblingPage.goto(materialUrl))?.status()).toBe(404);

  const districtPage = await as(browser, districtReviewer, "/review");
  await expect(districtPage.getByText(/Đề cử chờ thẩm định: 1/)).toBeVisible();
  await districtPage.getByRole("link", { name: title }).click();
  await decide(districtPage, "Duyệt", "Chia sẻ cho các trường trong Phòng.");
  await expect(districtPage.getByText("Đã duyệt.")).toBeVisible();

  // The sibling school's teacher finds it in the shared repository (typing without accents) and gives it to a class.
  // The worker makes it searchable within moments of the approval.
  await expect(async () => {
    await siblingPage.goto(`/repository?q=${encodeURIComponent(`Tu lieu Toan 6 Phan so ${author.username}`)}`);
    await expect(siblingPage.getByText("1 học liệu")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  // Results follow the typing; the matched words are marked.
  await siblingPage.getByLabel("Tìm học liệu").fill(`phan so ${author.username}`);
  await expect(siblingPage).toHaveURL(/q=phan\+so/);
  await expect(siblingPage.getByText("1 học liệu")).toBeVisible();
  await expect(siblingPage.locator("mark").first()).toHaveText(/Phân|số/);
  // Keyboard: from the search box down to the first result.
  await siblingPage.getByLabel("Tìm học liệu").press("ArrowDown");
  await expect(siblingPage.getByRole("link", { name: title })).toBeFocused();
  await siblingPage.getByRole("link", { name: title }).click();
  await expect(siblingPage.getByRole("heading", { name: title })).toBeVisible();
  await expect(siblingPage.getByText("Đã xuất bản")).toBeVisible();
  await expect(siblingPage.getByText("Trường THCS Nguyễn Du")).toBeVisible();
  await siblingPage.getByRole("link", { name: "Dùng cho lớp" }).click();
  await siblingPage.getByLabel("Lớp", { exact: true }).selectOption({ label: `${className} (${currentSchoolYear()})` });
  // Closing before opening is refused with the reason, and nothing typed is lost.
  await siblingPage.getByLabel("Ngày bắt đầu").fill("2030-01-10");
  await siblingPage.getByLabel("Ngày kết thúc").fill("2030-01-01");
  await siblingPage.getByRole("button", { name: "Giao cho lớp" }).click();
  await expect(siblingPage.getByText("Ngày kết thúc phải sau ngày bắt đầu.")).toBeVisible();
  await siblingPage.getByLabel("Ngày bắt đầu").fill("");
  await siblingPage.getByLabel("Ngày kết thúc").fill("");
  await siblingPage.getByLabel("Lời dặn cho học sinh").fill("Đọc trước tiết Phân số.");
  await siblingPage.getByRole("button", { name: "Giao cho lớp" }).click();
  await expect(siblingPage.getByText("Đã giao học liệu cho lớp.")).toBeVisible();
  await expect(siblingPage.getByRole("region", { name: "Lớp của bạn đang dùng" })).toContainText(className);

  // A student of that class opens it from their class page.
  const studentPage = await as(browser, student, "/learn");
  await expect(studentPage.getByText("Đọc trước tiết Phân số.")).toBeVisible();
  await studentPage.getByRole("link", { name: title }).click();
  await expect(studentPage.getByRole("heading", { name: title })).toBeVisible();
  await expect(studentPage.getByRole("link", { name: "Mở liên kết" })).toBeVisible();

  await authorPage.goto(materialUrl);
  const trail = authorPage.getByRole("region", { name: "Quá trình duyệt" });
  const steps = trail.getByRole("list").first().getByRole("listitem");
  await expect(steps).toHaveCount(8);
  await expect(steps.last()).toContainText("Chuyên viên Toán · duyệt · cấp Phòng");
});

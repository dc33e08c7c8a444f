import type { Browser, Page, TestInfo } from "@playwright/test";
import { REVIEW_CRITERIA } from "#content-schemas/review";
import { createMaterialSchema } from "#content-schemas/materials";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { actorOf } from "~/auth/session.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { DEMO_PASSWORD } from "../../scripts/seed/demo-data";
import { createAccount, signIn, type Account } from "./accounts";
import { expect, test } from "./fixtures";

/** A second person's browser with the same screen as the project's (phone or desktop). */
async function as(browser: Browser, account: Account, path: string, screen: TestInfo["project"]["use"]) {
  const { viewport, isMobile, hasTouch, deviceScaleFactor } = screen;
  const context = await browser.newContext({
    baseURL: process.env.E2E_BASE_URL,
    locale: "vi-VN",
    viewport,
    isMobile,
    hasTouch,
    deviceScaleFactor,
  });
  const page = await context.newPage();
  await signIn(page, account, path);
  return page;
}

/** A material of school Nguyễn Du approved by its subject group and shared with the district, through the domain. */
async function districtMaterial(author: Account, leader: Account, reviewer: Account, title: string) {
  await connectDatabase();
  const actor = async (account: Account) =>
    actorOf((await User.findOne({ username: account.username }, USER_PROFILE_FIELDS).lean<UserProfile>())!, "");
  const [authorActor, leaderActor, reviewerActor] = [await actor(author), await actor(leader), await actor(reviewer)];
  const school = await organisationByCode("THCS-NGUYEN-DU");
  await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: `Tổ Toán ${author.username}`,
    subjectCodes: ["TOAN"],
    leaderId: leaderActor.id,
    memberIds: [leaderActor.id, authorActor.id],
  });
  const created = await createMaterial(
    authorActor,
    createMaterialSchema.parse({ kind: "link", url: "https://hanhtrangso.nxbgd.vn", title, subjectCode: "TOAN", grades: [7] }),
  );
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  const approve = {
    decision: "approve" as const,
    criteria: REVIEW_CRITERIA.map((criterion) => ({ criterion, pass: true, comment: "" })),
    message: "",
  };
  await reviewStep(authorActor, id, { action: "submit" });
  await reviewStep(leaderActor, id, { action: "assign", reviewerId: leaderActor.id, dueAt: new Date(Date.now() + 86_400_000) });
  await reviewStep(leaderActor, id, { action: "decide", decision: approve });
  await nominate(authorActor, id);
  const decided = await decideNomination(reviewerActor, id, approve);
  if (!decided.ok) throw new Error(decided.reason);
  await disconnectDatabase();
  return `/materials/${id}`;
}

async function expectNotice(page: Page, text: string) {
  await expect(page.getByText(text)).toBeVisible();
}

test("a teacher of another school copies, rates and comments on a shared item; a reported problem reaches the group leader", async ({
  browser,
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const author = await createAccount({ role: "teacher", fullName: "Tác giả Toán 7" });
  const leader = await createAccount({ role: "teacher", fullName: "Tổ trưởng Toán" });
  const reviewer = await createAccount({ role: "reviewer", organisationCode: "PGD-DONG", fullName: "Chuyên viên Phòng" });
  const colleague = await createAccount({
    role: "teacher",
    organisationCode: "THPT-CHU-VAN-AN",
    fullName: "Giáo viên Chu Văn An",
  });
  const title = `Số hữu tỉ – phiếu bài tập (${author.username})`;
  const materialUrl = await districtMaterial(author, leader, reviewer, title);

  await signIn(page, colleague, materialUrl);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();

  // Rating and commenting; an empty comment is refused with the reason.
  await page.getByRole("radio", { name: "4 sao" }).check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expectNotice(page, "Đã ghi nhận đánh giá của bạn.");
  await expect(page.getByText("Trung bình 4/5 từ 1 đánh giá")).toBeVisible();
  await page.getByRole("button", { name: "Gửi nhận xét" }).click();
  await expectNotice(page, "Hãy viết nhận xét.");
  await page.getByLabel("Nhận xét", { exact: true }).fill("Phiếu rõ ràng, dùng được cho lớp 7.");
  await page.getByRole("button", { name: "Gửi nhận xét" }).click();
  await expectNotice(page, "Đã gửi nhận xét.");
  await expect(page.getByRole("list", { name: "Các nhận xét" })).toContainText("Giáo viên Chu Văn An · Trường THPT Chu Văn An");

  // Reporting a problem: missing fields are named, then the report goes to the subject group.
  await page.getByRole("link", { name: "Báo cáo vấn đề" }).click();
  await page.getByRole("button", { name: "Gửi báo cáo" }).click();
  await expectNotice(page, "Chọn loại vấn đề.");
  await page.getByRole("radio", { name: "Sai kiến thức, nội dung" }).check();
  await page.getByLabel("Mô tả vấn đề").fill("Đáp án câu 3 ghi −3/4, đúng là 3/4.");
  await page.getByRole("button", { name: "Gửi báo cáo" }).click();
  await expectNotice(page, "Đã gửi báo cáo tới người duyệt học liệu.");

  // Copy to my school: a draft of the colleague's school that credits the source.
  await page.getByRole("button", { name: "Sao chép về trường" }).click();
  await expectNotice(page, "Đã sao chép về trường bạn thành bản nháp; hãy xem lại rồi gửi tổ chuyên môn duyệt.");
  await expect(
    page.getByText(/Sao chép từ «Số hữu tỉ – phiếu bài tập.*» của Trường THCS Nguyễn Du \(tác giả: Tác giả Toán 7\)/),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Sửa", exact: true })).toBeVisible();

  // The group leader finds the report in the review queue and closes it.
  const leaderPage = await as(browser, leader, "/review", testInfo.project.use);
  await leaderPage.getByRole("link", { name: title }).click();
  const reports = leaderPage.getByRole("region", { name: "Báo cáo vấn đề chưa xử lý: 1" });
  await expect(reports).toContainText("Đáp án câu 3 ghi −3/4, đúng là 3/4.");
  await reports.getByLabel("Cách đã xử lý").fill("Đã sửa đáp án câu 3.");
  await reports.getByRole("button", { name: "Đánh dấu đã xử lý" }).click();
  await expectNotice(leaderPage, "Đã đánh dấu báo cáo là đã xử lý; người báo cáo sẽ được thông báo.");
  // The worker tells the reporter.
  await expect(async () => {
    await page.goto("/notifications");
    await expect(page.getByText("Tổ trưởng Toán đã xử lý báo cáo của bạn")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
});

test("demo data: the other school's demo teacher finds the demo lecture shared with the district", async ({ page }) => {
  await signIn(page, { username: "gv.ha", password: DEMO_PASSWORD }, "/repository");
  await page.getByLabel("Tìm học liệu").fill("cong thuc nghiem");
  const lecture = page.getByRole("link", { name: "Bài giảng: Công thức nghiệm của phương trình bậc hai" });
  await expect(page.getByRole("listitem").filter({ has: lecture })).toContainText(
    "Trường THCS Nguyễn Du · các trường trong Phòng",
  );
});

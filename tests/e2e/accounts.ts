import { randomBytes } from "node:crypto";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import type { Role } from "#content-schemas/roles";
import { currentCode, setTwoFactorKey } from "~/auth/two-factor.server";
import { upsertUser } from "~/domain/people/upsert-user.server";
import { disconnectDatabase } from "~/services/db.server";

export interface Account {
  username: string;
  password: string;
  /** Set for administrators, who must sign in with a one-time code. */
  totpKey?: string;
}

/**
 * A fresh account for one journey, created straight in the e2e database. Journeys never share an
 * account: sign-ins would collide on one-time codes (a code is accepted once) and on sessions.
 */
export async function createAccount({
  role = "teacher",
  organisationCode = "THCS-NGUYEN-DU",
  mustChangePassword = false,
  fullName = "Người dùng thử nghiệm",
  twoFactor = role === "system_admin" || role === "org_admin",
}: {
  role?: Role;
  organisationCode?: string;
  mustChangePassword?: boolean;
  fullName?: string;
  twoFactor?: boolean;
} = {}): Promise<Account> {
  const username = `e2e.${randomBytes(4).toString("hex")}`;
  const password = `tam-thoi-${randomBytes(4).toString("hex")}`;
  const id = await upsertUser({
    username,
    fullName,
    organisationCode,
    roles: [{ role, organisationCode }],
    initialPassword: password,
    mustChangePassword,
  });
  const totpKey = twoFactor ? encodeBase32UpperCaseNoPadding(randomBytes(20)) : undefined;
  if (totpKey) await setTwoFactorKey(id, totpKey);
  await disconnectDatabase();
  return { username, password, totpKey };
}

/** Signs in through the form (and the one-time-code step for administrators), starting at `path`. */
export async function signIn(page: Page, account: Account, path = "/") {
  await page.goto(`/login?redirectTo=${encodeURIComponent(path)}`);
  await page.getByLabel("Tên đăng nhập hoặc email").fill(account.username);
  await page.getByLabel("Mật khẩu").fill(account.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  if (account.totpKey) {
    await expect(page.getByRole("heading", { name: "Nhập mã xác thực" })).toBeVisible();
    await page.getByLabel("Mã 6 chữ số").fill(currentCode(account.totpKey));
    await page.getByRole("button", { name: "Xác nhận" }).click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}

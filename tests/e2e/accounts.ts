import { randomBytes } from "node:crypto";
import { disconnectDatabase } from "~/services/db.server";
import { upsertUser } from "~/domain/people/upsert-user.server";

/** A fresh account in a demo school, created straight in the e2e database (the global setup's services). */
export async function createAccount({
  mustChangePassword,
  role = "teacher",
  fullName = "Người dùng thử nghiệm",
}: {
  mustChangePassword: boolean;
  role?: "teacher" | "student";
  fullName?: string;
}) {
  const username = `e2e.${randomBytes(4).toString("hex")}`;
  const password = `tam-thoi-${randomBytes(4).toString("hex")}`;
  await upsertUser({
    username,
    fullName,
    organisationCode: "THCS-NGUYEN-DU",
    roles: [{ role, organisationCode: "THCS-NGUYEN-DU" }],
    initialPassword: password,
    mustChangePassword,
  });
  await disconnectDatabase();
  return { username, password };
}

import { Types } from "mongoose";
import { User } from "#models/user";
import { signOutOtherSessions } from "~/auth/lucia.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";

export type ChangePasswordResult = { ok: true } | { ok: false; field: "currentPassword"; message: string };

/**
 * Replaces a person's password after checking the current one, clears a forced change and signs
 * out every other device (the current session stays).
 */
export async function changePassword(props: {
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  ipAddress: string;
}): Promise<ChangePasswordResult> {
  const user = await User.findById(new Types.ObjectId(props.userId)).lean();
  if (!user || !(await verifyPassword(user.passwordHash, props.currentPassword))) {
    return { ok: false, field: "currentPassword", message: "Mật khẩu hiện tại không đúng." };
  }
  await User.updateOne(
    { _id: user._id },
    { $set: { passwordHash: await hashPassword(props.newPassword), mustChangePassword: false } },
  );
  await signOutOtherSessions(props.userId, props.currentSessionId);
  await recordAuditEvent({
    action: "auth.password_changed",
    actorId: user._id,
    actorLabel: user.username,
    subjectUserId: user._id,
    organisationPath: user.organisationPath,
    ipAddress: props.ipAddress,
  });
  return { ok: true };
}

import { z } from "zod";

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_throttled",
  "auth.sign_out",
  "auth.sign_out_everywhere",
  "auth.password_changed",
  "auth.password_reset",
  "auth.two_factor_enabled",
  "auth.two_factor_disabled",
  "auth.token_created",
  "auth.token_revoked",
  "user.roles_changed",
  "roster.imported",
  "personal_data.read",
  "personal_data.exported",
  "material.deleted",
  "assessment.key_corrected",
  "assessment.results_exported",
] as const;

export const auditActionSchema = z.enum(AUDIT_ACTIONS).meta({ id: "AuditAction" });
export type AuditAction = z.infer<typeof auditActionSchema>;

import { z } from "zod";
import { InvalidConfigurationError } from "./env.server";

const baseUrlSchema = z.url({ protocol: /^https?$/, message: "mỗi nguồn là một địa chỉ http:// hoặc https://" });

/**
 * Settings of the OAI-PMH interface (docs/interoperability.md), kept beside the main schema in
 * env.server.ts and parsed once, the same way.
 */
export const interopEnvSchema = z.object({
  /** Remote OAI-PMH providers to harvest: base URLs separated by commas; empty turns harvesting off. */
  OAI_HARVEST_SOURCES: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(z.array(baseUrlSchema).max(50, "tối đa 50 nguồn")),
  /** The contact the Identify response names; defaults to quantri@<host of APP_URL>. */
  OAI_ADMIN_EMAIL: z.email("phải là một địa chỉ email").optional(),
});

export type InteropEnv = z.infer<typeof interopEnvSchema>;

/** Parses the variables; the message names each wrong variable. */
export function parseInteropEnv(source: Readonly<Record<string, string | undefined>>): InteropEnv {
  const result = interopEnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${String(issue.path[0])}: ${issue.message}`);
  throw new InvalidConfigurationError(`Cấu hình không hợp lệ (xem docs/interoperability.md):\n${problems.join("\n")}`);
}

let cached: InteropEnv | undefined;

export function getInteropEnv(): InteropEnv {
  cached ??= parseInteropEnv(process.env);
  return cached;
}

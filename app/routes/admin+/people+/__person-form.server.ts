import type { z } from "zod";

/** Reads the person form (roles come as repeated checkboxes) with its content schema. */
export function parsePersonForm<TSchema extends z.ZodType>(formData: FormData, schema: TSchema) {
  const result = schema.safeParse({ ...Object.fromEntries(formData), roles: formData.getAll("roles") });
  if (result.success) return { data: result.data as z.infer<TSchema> };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { errors };
}

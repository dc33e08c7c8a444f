import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Parses a form with its content schema: typed data, or the first Vietnamese message per field. */
export function parseForm<TSchema extends z.ZodType>(
  formData: FormData,
  schema: TSchema,
): { data: z.infer<TSchema>; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
  const result = schema.safeParse(Object.fromEntries(formData));
  if (result.success) return { data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    errors[field] ??= issue.message;
  }
  return { errors };
}

import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { data: T; errors?: undefined } | { data?: undefined; errors: FieldErrors };

/** Checks values with a content schema: typed data, or the first Vietnamese message per top-level field. */
export function parseValues<TSchema extends z.ZodType>(
  values: Record<string, unknown>,
  schema: TSchema,
): Parsed<z.infer<TSchema>> {
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { errors };
}

/**
 * Parses a submitted form with its content schema. Fields named in `lists` (repeated checkboxes)
 * are read as arrays; every other field as its single value.
 */
export function parseForm<TSchema extends z.ZodType>(
  formData: FormData,
  schema: TSchema,
  { lists = [] }: { lists?: readonly string[] } = {},
) {
  const values: Record<string, unknown> = Object.fromEntries(formData);
  for (const name of lists) values[name] = formData.getAll(name);
  return parseValues(values, schema);
}

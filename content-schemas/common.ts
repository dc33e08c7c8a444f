import { z } from "zod";

/** A MongoDB ObjectId as 24 lowercase hex digits — the id format of every record in the API. */
export const objectIdSchema = z.string().regex(/^[a-f0-9]{24}$/, "Mã không hợp lệ.");

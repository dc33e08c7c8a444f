import { Schema, type InferSchemaType } from "mongoose";
import { defineModel } from "./define";

/**
 * A signed-in device. `_id` is the SHA-256 of the session token in the cookie, so a copy of
 * this collection cannot be used to impersonate anyone.
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    expiresAt: { type: Date, required: true },
    userAgent: { type: String, default: "" },
    ipAddress: { type: String, default: "" },
    createdAt: { type: Date, required: true, default: () => new Date() },
  },
  { versionKey: false },
);

sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type SessionDoc = InferSchemaType<typeof sessionSchema>;

export const Session = defineModel("Session", sessionSchema);

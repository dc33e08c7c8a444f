import { Schema, type InferSchemaType } from "mongoose";
import { defineModel } from "./define";

/** Failed sign-ins per key ("ip:…" or "account:…") within the current window, for throttling. */
const signInAttemptSchema = new Schema(
  {
    key: { type: String, required: true },
    failures: { type: Number, required: true, default: 0 },
    windowStartedAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    /** When the record may be forgotten (TTL index). */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

signInAttemptSchema.index({ key: 1 }, { unique: true });
signInAttemptSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type SignInAttemptDoc = InferSchemaType<typeof signInAttemptSchema>;

export const SignInAttempt = defineModel("SignInAttempt", signInAttemptSchema);

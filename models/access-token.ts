import { Schema, type InferSchemaType, type Types } from "mongoose";
import { TOKEN_SCOPES } from "#content-schemas/auth";
import { defineModel } from "./define";

/** A personal access token for integrations; only the SHA-256 of the secret is kept. */
const accessTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    name: { type: String, required: true, trim: true },
    tokenHash: { type: String, required: true },
    /** The first characters, so the owner can tell tokens apart. */
    prefix: { type: String, required: true },
    scopes: { type: [String], enum: TOKEN_SCOPES, required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

accessTokenSchema.index({ tokenHash: 1 }, { unique: true });
accessTokenSchema.index({ userId: 1, createdAt: -1 });

export type AccessTokenDoc = InferSchemaType<typeof accessTokenSchema> & { _id: Types.ObjectId };

export const AccessToken = defineModel("AccessToken", accessTokenSchema);

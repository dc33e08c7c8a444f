import { Schema, type InferSchemaType, type Types } from "mongoose";
import { ROLES } from "#content-schemas/roles";
import { defineModel } from "./define";

const roleBindingSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    organisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    /** The organisation and its ancestors, root first: scope checks become one array test. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
  },
  { _id: false },
);

const userSchema = new Schema(
  {
    /** Sign-in name, stored lower-case. */
    username: { type: String, required: true, trim: true, lowercase: true },
    email: { type: String, trim: true, lowercase: true },
    fullName: { type: String, required: true, trim: true },
    /** Official personal code (mã giáo viên / mã định danh học sinh) when the person came from a roster. */
    code: { type: String, trim: true },
    /** "yyyy-mm-dd"; only for people who need it (students), per the data-minimisation rule. */
    dateOfBirth: { type: String, default: null },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, default: false },
    roles: { type: [roleBindingSchema], default: [] },
    /** The school (or office) the person belongs to; their data is scoped to it. */
    organisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    /** That organisation and its ancestors: "people under district D" is one indexed query. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    /** Two-factor sign-in: the TOTP key, sealed (AES-GCM); the pending one while the person is enrolling. */
    totpSecret: { type: String, default: null },
    totpPendingSecret: { type: String, default: null },
    totpEnabledAt: { type: Date, default: null },
    /** The last accepted one-time code and when, so a code cannot be replayed within its window. */
    totpLastCode: { type: String, default: null },
    totpLastCodeAt: { type: Date, default: null },
    disabledAt: { type: Date, default: null },
    lastSignInAt: { type: Date, default: null },
  },
  { timestamps: true },
);

userSchema.index({ username: 1 }, { unique: true });
userSchema.index({ email: 1 }, { unique: true, partialFilterExpression: { email: { $type: "string" } } });
userSchema.index({ organisationPath: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export type RoleBinding = InferSchemaType<typeof roleBindingSchema>;

export const User = defineModel("User", userSchema);

/** The fields a request needs to know who is asking (never the password hash or two-factor keys). */
export const USER_PROFILE_FIELDS = {
  username: 1,
  fullName: 1,
  email: 1,
  organisationId: 1,
  organisationPath: 1,
  roles: 1,
  mustChangePassword: 1,
  totpEnabledAt: 1,
} as const;

export type UserProfile = Pick<UserDoc, "_id" | keyof typeof USER_PROFILE_FIELDS>;

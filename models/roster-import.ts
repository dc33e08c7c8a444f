import { Schema, type InferSchemaType, type Types } from "mongoose";
import { ROSTER_KINDS } from "#content-schemas/roster";
import { defineModel } from "./define";

const rosterRowSchema = new Schema(
  {
    kind: { type: String, enum: ROSTER_KINDS, required: true },
    /** Row number in the spreadsheet as the person sees it (header is row 1). */
    rowNumber: { type: Number, required: true },
    /** The cells as read, for showing the row back. */
    cells: { type: Schema.Types.Mixed, default: {} },
    /** Validated values, present when the row has no error. */
    values: { type: Schema.Types.Mixed, default: null },
    problems: { type: [String], default: [] },
    action: { type: String, enum: ["create", "update"], default: null },
  },
  { _id: false },
);

/**
 * One upload of a roster: previewed first, applied on confirmation. Initial passwords of the accounts
 * it created are kept encrypted for the printable sheet and the whole record expires after a day.
 */
const rosterImportSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    schoolYear: { type: String, required: true },
    fileName: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    status: { type: String, enum: ["previewed", "applying", "applied"], default: "previewed" },
    rows: { type: [rosterRowSchema], default: [] },
    summary: { type: Schema.Types.Mixed, default: {} },
    encryptedPasswords: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true },
);

rosterImportSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
rosterImportSchema.index({ schoolId: 1, createdAt: -1 });

export type RosterImportDoc = InferSchemaType<typeof rosterImportSchema> & { _id: Types.ObjectId };

export const RosterImport = defineModel("RosterImport", rosterImportSchema);

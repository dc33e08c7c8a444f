import { Schema, type InferSchemaType, type Types } from "mongoose";
import { IMPORT_FORMATS } from "#content-schemas/question-import";
import { defineModel } from "./define";

/**
 * A question file read for import: what the parser found, kept until the teacher confirms (or for a week).
 * Nothing becomes a question before the confirmation; images found in the file are already stored.
 */
const questionImportSchema = new Schema(
  {
    ownerOrganisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    format: { type: String, enum: IMPORT_FORMATS, required: true },
    fileName: { type: String, required: true },
    /** The ImportParseResult of content-schemas/question-import.ts. */
    result: { type: Schema.Types.Mixed, required: true },
    parseMs: { type: Number, default: 0 },
    status: { type: String, enum: ["parsed", "imported"], required: true, default: "parsed" },
    importedIds: { type: [Schema.Types.ObjectId], default: [] },
    importedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

questionImportSchema.index({ createdBy: 1, createdAt: -1 });

export type QuestionImportDoc = InferSchemaType<typeof questionImportSchema> & { _id: Types.ObjectId };

export const QuestionImport = defineModel("QuestionImport", questionImportSchema);

import { Schema, type InferSchemaType, type Types } from "mongoose";
import { IMPORT_FORMATS, IMPORT_STATES } from "#content-schemas/question-import";
import { defineModel } from "./define";
import { outboxPlugin, type WithOutbox } from "./outbox";

/**
 * A question file read for import: what the parser found, kept until the teacher confirms. Nothing becomes a
 * question before the confirmation; images found in the file are already stored. A large file is stored first and
 * read by the worker (`reading`, with progress), announced through the outbox.
 */
const questionImportSchema = new Schema(
  {
    ownerOrganisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    format: { type: String, enum: IMPORT_FORMATS, required: true },
    fileName: { type: String, required: true },
    /** The ImportParseResult of content-schemas/question-import.ts, once read. */
    result: { type: Schema.Types.Mixed, default: null },
    parseMs: { type: Number, default: 0 },
    status: { type: String, enum: IMPORT_STATES, required: true, default: "parsed" },
    /** Where a file read by the worker waits in storage until it is read. */
    storageKey: { type: String, default: null },
    /** How far the worker has got: images stored so far. */
    progress: { imagesStored: { type: Number, default: 0 } },
    importedIds: { type: [Schema.Types.ObjectId], default: [] },
    importedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

questionImportSchema.plugin(outboxPlugin);
questionImportSchema.index({ createdBy: 1, createdAt: -1 });

export type QuestionImportDoc = InferSchemaType<typeof questionImportSchema> & { _id: Types.ObjectId } & WithOutbox;

export const QuestionImport = defineModel("QuestionImport", questionImportSchema);

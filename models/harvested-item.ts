import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/**
 * A record harvested over OAI-PMH (oai_dc) from another repository: a read-only mirror of its
 * Dublin Core, one per (source, identifier), overwritten by each newer harvest of it. Nothing
 * here is edited locally; `deleted` marks records the source reported deleted.
 */
const harvestedItemSchema = new Schema(
  {
    /** The provider's base URL, as configured in OAI_HARVEST_SOURCES. */
    source: { type: String, required: true },
    /** The OAI identifier of the record at the source (oai:…). */
    identifier: { type: String, required: true },
    datestamp: { type: Date, required: true },
    deleted: { type: Boolean, required: true, default: false },
    title: { type: String, default: "" },
    description: { type: String, default: "" },
    subjects: { type: [String], default: [] },
    creators: { type: [String], default: [] },
    publisher: { type: String, default: "" },
    /** The first http(s) dc:identifier: where a person can open the item; null when the source gives none. */
    identifierUrl: { type: String, default: null },
    type: { type: String, default: "" },
    language: { type: String, default: "" },
    rights: { type: String, default: "" },
    harvestedAt: { type: Date, required: true },
    /**
     * Changed since search last saw it: set by the write that changes the record, cleared by the search sync
     * (app/domain/search/external-item-index.server.ts) once the change is in Meilisearch.
     */
    searchStale: { type: Boolean, default: true },
  },
  { minimize: false },
);

harvestedItemSchema.index({ source: 1, identifier: 1 }, { unique: true });
harvestedItemSchema.index({ deleted: 1, datestamp: -1 });
harvestedItemSchema.index({ searchStale: 1 });

export type HarvestedItemDoc = InferSchemaType<typeof harvestedItemSchema> & { _id: Types.ObjectId };

export const HarvestedItem = defineModel("HarvestedItem", harvestedItemSchema);

/**
 * Where the harvest of one source stands: the responseDate of the first response of the last
 * harvest that completed, sent as `from` next time so only records changed since come back.
 */
const harvestSourceSchema = new Schema(
  {
    source: { type: String, required: true },
    lastResponseDate: { type: Date, default: null },
    lastSucceededAt: { type: Date, default: null },
    lastAttemptAt: { type: Date, default: null },
    /** Why the last attempt failed (null after a success). */
    lastError: { type: String, default: null },
    /** Records received by the last successful harvest. */
    lastRecordCount: { type: Number, default: 0 },
  },
  { timestamps: true },
);

harvestSourceSchema.index({ source: 1 }, { unique: true });

export type HarvestSourceDoc = InferSchemaType<typeof harvestSourceSchema> & { _id: Types.ObjectId };

export const HarvestSource = defineModel("HarvestSource", harvestSourceSchema);

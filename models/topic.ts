import { Schema, type InferSchemaType, type Types } from "mongoose";
import { GRADES } from "#content-schemas/curriculum";
import { defineModel } from "./define";

const outcomeSchema = new Schema({ code: { type: String }, text: { type: String, required: true } }, { _id: false });

/** A topic (chủ đề / chương) of the curriculum catalogue: subject × grade, in order, with learning outcomes. */
const topicSchema = new Schema(
  {
    subjectCode: { type: String, required: true },
    grade: { type: Number, enum: GRADES as readonly number[], required: true },
    order: { type: Number, required: true },
    name: { type: String, required: true, trim: true },
    outcomes: { type: [outcomeSchema], default: [] },
  },
  { timestamps: true },
);

topicSchema.index({ subjectCode: 1, grade: 1, order: 1 }, { unique: true });

export type TopicDoc = InferSchemaType<typeof topicSchema> & { _id: Types.ObjectId };

export const Topic = defineModel("Topic", topicSchema);

import { subjectSchema, type Subject } from "#content-schemas/curriculum";
import { Subject as SubjectModel } from "#models/subject";
import { connectDatabase } from "~/services/db.server";

/**
 * Creates or updates subjects by code (re-running changes nothing that is already right);
 * their position in `subjects` becomes the catalogue order.
 */
export async function importSubjects(subjects: readonly Subject[]) {
  await connectDatabase();
  const valid = subjects.map((subject) => subjectSchema.parse(subject));
  const result = await SubjectModel.bulkWrite(
    valid.map((subject, order) => ({
      updateOne: { filter: { code: subject.code }, update: { $set: { ...subject, order } }, upsert: true },
    })),
    { ordered: false },
  );
  return { created: result.upsertedCount, updated: result.modifiedCount };
}

import type { Subject } from "#content-schemas/curriculum";
import { Subject as SubjectModel } from "#models/subject";
import { connectDatabase } from "~/services/db.server";

/** The curriculum's subjects, optionally only those taught in one grade, in catalogue order. */
export async function listSubjects({ grade }: { grade?: number } = {}): Promise<Subject[]> {
  await connectDatabase();
  const subjects = await SubjectModel.find(grade ? { grades: grade } : {}, {
    _id: 0,
    code: 1,
    name: 1,
    nameEn: 1,
    grades: 1,
    order: 1,
  })
    .sort({ order: 1 })
    .lean();
  return subjects.map(({ code, name, nameEn, grades }) => ({ code, name, nameEn, grades }));
}

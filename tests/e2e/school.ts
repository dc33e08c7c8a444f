import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { saveClass, enrolStudent } from "~/domain/classes/save-class.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode, upsertUser } from "~/domain/people/upsert-user.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { disconnectDatabase } from "~/services/db.server";
import type { SeedQuestionsInput } from "../../scripts/seed/question-bank";
import { insertApprovedQuestions } from "../support/approved-questions";
import { testActor } from "../support/actors";
import type { Account } from "./accounts";

/**
 * A school of its own per run for the assessment journeys: a Toán 12 bank of approved questions over the first
 * `topicCount` topics, and one grade-12 class taught by the teacher with the students enrolled. Everyone signs in with
 * the same generated password.
 */
export async function schoolWithClass(options: {
  name: string;
  className: string;
  teacher: string;
  students: string[];
  perTopicAndLevel: SeedQuestionsInput["perTopicAndLevel"];
  topicCount: number;
}) {
  const suffix = randomBytes(3).toString("hex").toUpperCase();
  const code = `THPT-E2E-${suffix}`;
  await upsertOrganisation({
    code,
    name: `${options.name} ${suffix}`,
    type: "school",
    schoolLevel: "upper_secondary",
    parentCode: "PGD-DONG",
  });
  const password = `mat-khau-${randomBytes(4).toString("hex")}`;
  const person = async (username: string, fullName: string, role: "teacher" | "student") => {
    await upsertUser({
      username,
      fullName,
      organisationCode: code,
      roles: [{ role, organisationCode: code }],
      initialPassword: password,
      mustChangePassword: false,
    });
    return testActor(username, code, role, fullName);
  };
  const teacher = await person(`gv.${suffix.toLowerCase()}`, options.teacher, "teacher");
  const students = [];
  for (const [index, fullName] of options.students.entries())
    students.push(await person(`hs${index + 1}.${suffix.toLowerCase()}`, fullName, "student"));
  const school = await organisationByCode(code);
  // Only Toán 12: the curriculum journey empties another grade's topics and must not see them come back meanwhile.
  await importTopicList(
    GDPT_2018_TOPICS.filter((topic) => topic.subjectCode === "TOAN" && topic.grade === 12),
    { keepExisting: true },
  );
  const topics = (await listTopics("TOAN", 12)).slice(0, options.topicCount);
  const questionIds = await insertApprovedQuestions({
    author: teacher,
    subject: "TOAN",
    grade: 12,
    topicIds: topics.map((topic) => topic.id),
    perTopicAndLevel: options.perTopicAndLevel,
    label: suffix,
  });
  const schoolYear = currentSchoolYear();
  const saved = await saveClass(school, {
    schoolId: String(school.id),
    schoolYear,
    name: options.className,
    grade: 12,
    subjectTeachers: [{ subjectCode: "TOAN", teacherId: teacher.id }],
  });
  if (!saved.ok) throw new Error("class");
  for (const student of students) await enrolStudent(school, schoolYear, options.className, new Types.ObjectId(student.id));
  await disconnectDatabase();
  const account = (actor: { username: string }): Account => ({ username: actor.username, password });
  return { teacher: account(teacher), students: students.map(account), topics, questionIds };
}

/** yyyy-mm-ddThh:mm in Vietnam time, as a datetime-local field takes it. */
export function localInput(date: Date) {
  return new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}

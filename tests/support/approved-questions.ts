import { Question, type QuestionDoc } from "#models/question";
import { createQuestion } from "~/domain/questions/questions.server";
import { QUESTION_REVIEW } from "~/domain/questions/review.server";
import { seededDrafts, type SeedQuestionsInput } from "../../scripts/seed/question-bank";

/**
 * The seeded bank (scripts/seed/question-bank.ts) published straight away, for journeys about tests rather than
 * review: going through the review would queue four notification and search jobs per question, and 70 questions'
 * worth slows every other journey's background work. Published the way an approval writes it (`live` from the
 * review kind's own fields).
 */
export async function insertApprovedQuestions(input: Omit<SeedQuestionsInput, "leader" | "reviewer">): Promise<string[]> {
  const ids: string[] = [];
  for (const draft of seededDrafts(input)) {
    const created = await createQuestion(input.author, draft);
    if (!created.ok) throw new Error(created.reason);
    const question = (await Question.findById(created.value.id).lean<QuestionDoc>())!;
    const version = question.versions[0]!;
    await Question.updateOne(
      { _id: question._id },
      {
        $set: {
          status: "published",
          scope: "school",
          liveVersion: 1,
          "versions.0.status": "published",
          live: { ...QUESTION_REVIEW.liveFields(version), publishedAt: new Date() },
        },
      },
    );
    ids.push(created.value.id);
  }
  return ids;
}

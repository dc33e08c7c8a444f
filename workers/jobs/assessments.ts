import { z } from "zod";
import { finishOverdueAttempts } from "~/domain/assessments/attempts.server";
import { job } from "./define";

/**
 * Submits every attempt whose server deadline has passed with the answers it saved — also when the student's
 * browser is closed or offline. Pages and saves finish an overdue attempt too, so this only catches the silent ones.
 */
export const finishOverdueAttemptsJob = job({
  name: "assessments.finish-overdue-attempts",
  input: z.object({}).loose(),
  concurrency: 1,
  async run() {
    await finishOverdueAttempts();
  },
});

/** "1–5", "6–9, 12": consecutive grades collapsed into ranges, for compact display. */
export function gradeRange(grades: readonly number[]): string {
  const sorted = [...new Set(grades)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start: number | undefined;
  sorted.forEach((grade, index) => {
    start ??= grade;
    const next = sorted[index + 1];
    if (next !== grade + 1) {
      ranges.push(start === grade ? String(grade) : `${start}–${grade}`);
      start = undefined;
    }
  });
  return ranges.join(", ");
}

/** Vietnamese school years start in September; from August the coming year is the one being prepared. */
export function currentSchoolYear(today = new Date()): string {
  const year = today.getFullYear();
  const start = today.getMonth() >= 7 ? year : year - 1;
  return `${start}-${start + 1}`;
}

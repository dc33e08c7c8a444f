import { LOCALE_TAGS, type Language } from "./config";

const TIME_ZONE = "Asia/Ho_Chi_Minh";

export function formatDateTime(value: Date | string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[language], { dateStyle: "short", timeStyle: "short", timeZone: TIME_ZONE }).format(
    new Date(value),
  );
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE_TAGS[language]).format(value);
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;

/** "2 GB", "300 MB", "1,5 MB" — binary multiples, as people read file sizes. */
export function formatBytes(bytes: number, language: Language): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(LOCALE_TAGS[language], {
    style: "unit",
    unit: BYTE_UNITS[unit],
    unitDisplay: "short",
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}

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

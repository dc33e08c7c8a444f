/** Today's calendar day in Vietnam (yyyy-mm-dd): class uses open and close on school days, whatever the server's zone. */
export function schoolDay(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(now);
}

/** Whether a class use with these optional opening/closing days is open on `day` (both days included). */
export function isOpenOn(day: string, window: { opensOn?: string | null; closesOn?: string | null }): boolean {
  return (!window.opensOn || window.opensOn <= day) && (!window.closesOn || day <= window.closesOn);
}

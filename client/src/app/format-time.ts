const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An epoch-ms time as the user's locale writes a date and time. */
export function formatTime(ms: number): string {
  return formatter.format(ms);
}

/** Activity keeps at most this many inbound times, automated-reply times and texts (and only a day's worth). */
export const ACTIVITY_LIMIT = 200;
/** How many characters of each normalised inbound text activity keeps. */
export const ACTIVITY_TEXT_LENGTH = 200;

/**
 * What activity keeps of a normalised text, and what repeated_text compares: its first 200 characters
 * (code points, so no character is split). Up to 200 texts of 10,000 characters would bloat every
 * conversation's stored state; a repeat is recognisable by its beginning.
 */
export function activityText(normalised: string): string {
  let end = 0;
  let count = 0;
  for (const char of normalised) {
    if (count === ACTIVITY_TEXT_LENGTH) break;
    end += char.length;
    count += 1;
  }
  return normalised.slice(0, end);
}

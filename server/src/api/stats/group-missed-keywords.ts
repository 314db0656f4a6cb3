// Near-duplicate unmatched texts as one group: "refund", "refund!!", "refnd" and "refunnnd" are one
// question asked with typos and punctuation. Texts are compared by a squashed form (no punctuation or
// symbols, runs of three or more of a letter as one) within a small edit distance that grows with length.
import { distance } from 'fastest-levenshtein';
import type { MissedKeywords } from '@parley/shared';

export interface MissedRow {
  text: string;
  day: string;
  count: number;
  lastAt: number;
}

type Group = MissedKeywords['groups'][number];

/** Groups per-day rows into `days`-aligned groups, most frequent first; the most frequent text names its group. */
export function groupMissedKeywords(rows: readonly MissedRow[], days: readonly string[], limit: number): Group[] {
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const texts = new Map<string, { text: string; count: number; lastAt: number; daily: number[] }>();
  for (const row of rows) {
    let text = texts.get(row.text);
    if (!text) {
      text = { text: row.text, count: 0, lastAt: row.lastAt, daily: days.map(() => 0) };
      texts.set(row.text, text);
    }
    text.count += row.count;
    text.lastAt = Math.max(text.lastAt, row.lastAt);
    const i = dayIndex.get(row.day);
    if (i !== undefined) text.daily[i] = (text.daily[i] ?? 0) + row.count;
  }
  const ordered = [...texts.values()].sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const groups: { key: string; length: number; group: Group }[] = [];
  // The same squashed text is found by key; a near one only among groups whose key is at most two
  // characters longer or shorter (the most edits allowed), the oldest (most frequent) winning.
  const byKey = new Map<string, (typeof groups)[number]>();
  const byLength = new Map<number, number[]>();
  for (const text of ordered) {
    const key = squash(text.text);
    const length = [...key].length;
    let home = byKey.get(key);
    if (home === undefined) {
      let oldest: number | undefined;
      for (let d = -2; d <= 2; d++) {
        // Each bucket lists its groups oldest first: its first match is its oldest.
        for (const i of byLength.get(length + d) ?? []) {
          if (oldest !== undefined && i > oldest) break;
          const candidate = groups[i];
          if (candidate !== undefined && nearDuplicates(candidate.key, candidate.length, key, length)) {
            oldest = i;
            break;
          }
        }
      }
      home = oldest === undefined ? undefined : groups[oldest];
    }
    if (home === undefined) {
      const created = { key, length, group: { text: text.text, count: text.count, lastAt: text.lastAt, variants: [{ text: text.text, count: text.count }], daily: [...text.daily] } };
      byKey.set(key, created);
      const sameLength = byLength.get(length) ?? [];
      sameLength.push(groups.length);
      byLength.set(length, sameLength);
      groups.push(created);
      continue;
    }
    const group = home.group;
    group.count += text.count;
    group.lastAt = Math.max(group.lastAt, text.lastAt);
    group.variants.push({ text: text.text, count: text.count });
    text.daily.forEach((n, i) => (group.daily[i] = (group.daily[i] ?? 0) + n));
  }
  return groups
    .map((g) => g.group)
    .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .slice(0, limit);
}

/** A text of punctuation or emoji alone ("??", "👍") stays itself: squashed to nothing, all would be one group. */
export function squash(text: string): string {
  const squashed = text
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/(\p{L})\1{2,}/gu, '$1');
  return squashed === '' ? text : squashed;
}

/** Same squashed text; or, from 5 characters on, one edit apart (two from 10): short words differ by meaning, not typos. */
function nearDuplicates(a: string, aLength: number, b: string, bLength: number): boolean {
  if (a === b) return true;
  const length = Math.max(aLength, bLength);
  const allowed = length >= 10 ? 2 : length >= 5 ? 1 : 0;
  if (allowed === 0 || Math.abs(aLength - bLength) > allowed) return false;
  return distance(a, b) <= allowed;
}

import { groupMissedKeywords, type MissedRow } from './group-missed-keywords';

const DAYS = ['2025-01-13', '2025-01-14', '2025-01-15'];

/** One row per (text, day): `count` misses, the last at `lastAt`. */
const row = (text: string, day: string, count = 1, lastAt = 1_000): MissedRow => ({ text, day, count, lastAt });

/** Each group as its variants' texts, for the cases where only who is grouped with whom matters. */
const grouping = (rows: readonly MissedRow[]): string[][] => groupMissedKeywords(rows, DAYS, 100).map((g) => g.variants.map((v) => v.text));

describe('groupMissedKeywords', () => {
  it('groups a question written with typos, punctuation and stretched letters, named by its most frequent text', () => {
    const groups = groupMissedKeywords(
      [row('refund', '2025-01-13', 3, 100), row('refund!!', '2025-01-14', 1, 200), row('refnd', '2025-01-15', 1, 300), row('refunnnd', '2025-01-15', 2, 250)],
      DAYS,
      10,
    );
    expect(groups).toEqual([
      {
        text: 'refund',
        count: 7,
        lastAt: 300,
        variants: [
          { text: 'refund', count: 3 },
          { text: 'refunnnd', count: 2 },
          { text: 'refnd', count: 1 },
          { text: 'refund!!', count: 1 },
        ],
        daily: [3, 1, 3],
      },
    ]);
  });

  it('keeps short words apart, however close: under 5 letters a different letter is a different word', () => {
    const rows = ['yes', 'yep', 'ok', 'on', 'cat', 'car', 'cost', 'coat'].map((text) => row(text, '2025-01-15'));
    expect(grouping(rows)).toHaveLength(8);
  });

  it('allows one edit from 5 letters and two from 10, and no more', () => {
    expect(grouping([row('parcel', '2025-01-15', 2), row('parcl', '2025-01-15'), row('parcell', '2025-01-15')])).toEqual([['parcel', 'parcell', 'parcl']]);
    expect(grouping([row('refund', '2025-01-15', 2), row('rfnd', '2025-01-15')])).toEqual([['refund'], ['rfnd']]);
    expect(grouping([row('cancel my order', '2025-01-15', 2), row('cancell my oder', '2025-01-15')])).toEqual([['cancel my order', 'cancell my oder']]);
    expect(grouping([row('cancel my order', '2025-01-15', 2), row('cancell my odr', '2025-01-15')])).toEqual([['cancel my order'], ['cancell my odr']]);
  });

  it('keeps texts of punctuation or emoji alone as themselves instead of one empty group', () => {
    expect(grouping([row('??', '2025-01-15', 3), row('!!', '2025-01-15', 2), row('👍', '2025-01-15')])).toEqual([['??'], ['!!'], ['👍']]);
  });

  it('lines each group up with the days asked for: a count per day, zeros included', () => {
    const groups = groupMissedKeywords([row('price list', '2025-01-15', 2, 50), row('price list', '2025-01-13', 1, 10), row('opening times', '2025-01-14', 4, 20)], DAYS, 10);
    expect(groups.map((g) => ({ text: g.text, count: g.count, lastAt: g.lastAt, daily: g.daily }))).toEqual([
      { text: 'opening times', count: 4, lastAt: 20, daily: [0, 4, 0] },
      { text: 'price list', count: 3, lastAt: 50, daily: [1, 0, 2] },
    ]);
    for (const group of groups) expect(group.daily.reduce((a, b) => a + b, 0)).toBe(group.count);
  });

  it('orders groups by count, ties by text, and keeps the first `limit` after grouping', () => {
    const rows = [row('zebra crossing', '2025-01-15', 2), row('apple pie', '2025-01-15', 2), row('where is my parcel', '2025-01-15', 2), row('where is my parcl', '2025-01-15', 2)];
    expect(groupMissedKeywords(rows, DAYS, 10).map((g) => [g.text, g.count])).toEqual([
      ['where is my parcel', 4],
      ['apple pie', 2],
      ['zebra crossing', 2],
    ]);
    expect(groupMissedKeywords(rows, DAYS, 2).map((g) => g.text)).toEqual(['where is my parcel', 'apple pie']);
    expect(groupMissedKeywords([], DAYS, 10)).toEqual([]);
  });
});

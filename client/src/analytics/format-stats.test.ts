import { dropReasonLabel, formatCount, formatDuration, formatPercent, rateNote } from './format-stats';

describe('how the analytics write numbers', () => {
  it('writes counts in full and rates with one decimal at most', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(null)).toBe('—');
  });

  it('explains a rate over 100% (sessions that entered before the range left in it), and only such a rate', () => {
    expect(formatPercent(1.5)).toBe('150%');
    expect(rateNote(1.5)).toMatch(/^More left than entered in this range/);
    expect([rateNote(1), rateNote(0.2), rateNote(null)]).toEqual([undefined, undefined, undefined]);
  });

  it('writes a duration in its two largest units, dropping a zero second unit', () => {
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(3_600_000 + 5_000)).toBe('1 h');
    expect(formatDuration(90_061_000)).toBe('1 d 1 h');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(null)).toBe('—');
  });

  it('names the drop reasons it knows and shows others as the server sent them', () => {
    expect([dropReasonLabel('replaced'), dropReasonLabel('error'), dropReasonLabel('quota')]).toEqual(['session replaced', 'error', 'quota']);
  });
});

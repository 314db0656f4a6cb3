import { splitStats } from './split-stats';

const named = [
  { handle: 'a', label: 'Short and friendly' },
  { handle: 'b', label: 'Topic menu' },
];

describe('an A/B split’s report', () => {
  it('compares each variant with the first, naming them by their labels', () => {
    const report = splitStats('split', named, { a: 200, b: 200 }, { a: 100, b: 160 });
    expect(report.variants.map((v) => [v.handle, v.exited, v.completed, v.completion.rate])).toEqual([
      ['a', 200, 100, 0.5],
      ['b', 200, 160, 0.8],
    ]);
    const [comparison] = report.comparisons;
    expect(comparison).toMatchObject({ baseline: 'a', variant: 'b', significant: true });
    expect(comparison?.difference).toBeCloseTo(0.3);
    expect(comparison?.sentence).toMatch(/^“Topic menu” completes 30 points more than “Short and friendly” \(80% vs 50%, 95% CI \+\d+ to \+\d+ points\); significant\.$/);
  });

  it('says "not yet significant" while the interval holds zero, and "as often" for equal rates', () => {
    expect(splitStats('split', named, { a: 10, b: 10 }, { a: 5, b: 6 }).comparisons[0]?.sentence).toMatch(/^“Topic menu” completes 10 points more than “Short and friendly” \(60% vs 50%, 95% CI -\d+ to \+\d+ points\); not yet significant\.$/);
    expect(splitStats('split', named, { a: 7, b: 7 }, { a: 7, b: 7 }).comparisons[0]?.sentence).toMatch(/^“Topic menu” completes as often as “Short and friendly” \(100% vs 100%/);
  });

  it('names unlabelled variants by their handle, and says which one nobody took', () => {
    const unlabelled = [
      { handle: 'a', label: '' },
      { handle: 'b', label: '' },
    ];
    expect(splitStats('split', unlabelled, { a: 12, b: 10 }, { a: 6, b: 3 }).comparisons[0]?.sentence).toMatch(/^Variant b completes 20 points less than variant a /);
    const report = splitStats('split', unlabelled, { a: 12 }, { a: 6 });
    expect(report.comparisons[0]).toMatchObject({ difference: null, significant: false, sentence: 'Not enough data: no session took variant b in this range.' });
  });

  it('keeps a variant the split no longer has but the counters do, after the current ones', () => {
    const report = splitStats('split', named, { a: 4, b: 4, c: 2 }, { a: 2, b: 2, c: 1 });
    expect(report.variants.map((v) => v.handle)).toEqual(['a', 'b', 'c']);
    expect(report.comparisons.map((c) => c.variant)).toEqual(['b', 'c']);
    expect(report.comparisons[1]?.sentence).toMatch(/^Variant c completes as often as “Short and friendly”/);
  });
});

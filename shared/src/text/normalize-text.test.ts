import { normalizeText } from './normalize-text';

describe('normalizeText', () => {
  it('folds full-width letters and case', () => {
    expect(normalizeText('ＲＥＦＵＮＤ')).toBe('refund');
    expect(normalizeText('Refund')).toBe('refund');
  });

  it('folds full-width digits and punctuation', () => {
    expect(normalizeText('订单１２３！')).toBe('订单123!');
    expect(normalizeText('（ＶＩＰ）')).toBe('(vip)');
  });

  it('folds half-width katakana to full width', () => {
    expect(normalizeText('ｶﾀｶﾅ')).toBe('カタカナ');
  });

  it('keeps Chinese text', () => {
    expect(normalizeText('我要退款')).toBe('我要退款');
  });

  it('collapses whitespace runs, including the ideographic space, and trims', () => {
    expect(normalizeText('  hello \t\n  world  ')).toBe('hello world');
    expect(normalizeText('退款\u3000\u3000原因')).toBe('退款 原因');
    expect(normalizeText('\u3000 ')).toBe('');
  });

  it('is idempotent', () => {
    for (const s of ['ＲＥＦＵＮＤ  please', 'ｶﾀｶﾅ', ' A\u3000b ']) {
      expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
    }
  });
});

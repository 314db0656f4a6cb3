import fc from 'fast-check';
import { isValidRegex, KeywordMatcher } from './keyword-matcher';
import type { KeywordEntry } from './keyword-matcher';
import { normalizeText } from './normalize-text';

const contains = (text: string, value = text): KeywordEntry<string> => ({ text, match: 'contains', value });
const exact = (text: string, value = text): KeywordEntry<string> => ({ text, match: 'exact', value });
const regex = (text: string, value = text): KeywordEntry<string> => ({ text, match: 'regex', value });

describe('KeywordMatcher', () => {
  it('matches full-width and upper-case input against a contains keyword', () => {
    const m = new KeywordMatcher([contains('refund')]);
    expect(m.match('ＲＥＦＵＮＤ please')).toEqual(['refund']);
    expect(m.match('I want a REFUND now')).toEqual(['refund']);
    expect(m.match('I want my money back')).toEqual([]);
  });

  it('finds a Chinese keyword inside a sentence', () => {
    const m = new KeywordMatcher([contains('退款')]);
    expect(m.match('你好，我想申请退款，谢谢')).toEqual(['退款']);
    expect(m.match('你好，我想换货')).toEqual([]);
  });

  it('normalises the keyword too', () => {
    const m = new KeywordMatcher([contains('ＶＩＰ  Plan'), exact(' Ｈｉ ')]);
    expect(m.match('tell me about the vip plan')).toEqual(['ＶＩＰ  Plan']);
    expect(m.match('hi')).toEqual([' Ｈｉ ']);
  });

  it('exact needs the whole (normalised) message; contains needs only a part', () => {
    const m = new KeywordMatcher([exact('price', 'exact'), contains('price', 'contains')]);
    expect(m.match('  PRICE ')).toEqual(['exact', 'contains']);
    expect(m.match('what is the price?')).toEqual(['contains']);
    expect(m.match('pric')).toEqual([]);
  });

  it('reports overlapping keywords, each once, in entry order', () => {
    const m = new KeywordMatcher([contains('hers'), contains('he'), contains('she'), contains('his')]);
    expect(m.match('ushers')).toEqual(['hers', 'he', 'she']);
  });

  it('reports a keyword occurring several times once', () => {
    const m = new KeywordMatcher([contains('ab')]);
    expect(m.match('ab ab abab')).toEqual(['ab']);
  });

  it('reports keywords found only through failure links (suffixes of other keywords)', () => {
    const m = new KeywordMatcher([contains('abcd'), contains('bc'), contains('c')]);
    expect(m.match('xabcx')).toEqual(['bc', 'c']);
  });

  it('deduplicates by entry, not by value: equal values from two entries both appear', () => {
    const m = new KeywordMatcher([contains('refund', 'flow-a'), contains('money back', 'flow-a'), contains('退款', 'flow-b')]);
    expect(m.match('refund or money back')).toEqual(['flow-a', 'flow-a']);
  });

  it('keeps duplicate keywords as separate entries', () => {
    const m = new KeywordMatcher([contains('hi', 'first'), contains('HI', 'second'), exact('hi', 'third'), exact('Hi', 'fourth')]);
    expect(m.match('hi')).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('never matches a keyword that normalises to nothing', () => {
    const m = new KeywordMatcher([contains('   '), exact('\u3000')]);
    expect(m.match('')).toEqual([]);
    expect(m.match('anything')).toEqual([]);
  });

  it('matches regex keywords case-insensitively on the original text', () => {
    const m = new KeywordMatcher([regex('order\\s*#?\\d{4}', 'order')]);
    expect(m.match('Where is ORDER #1234?')).toEqual(['order']);
    expect(m.match('where is order 12')).toEqual([]);
  });

  it('matches regex keywords width-insensitively: on the normalised text, and on the text as typed', () => {
    const m = new KeywordMatcher([regex('^\\d+$', 'digits'), regex('退款？', 'cjk')]);
    expect(m.match('123')).toEqual(['digits']);
    expect(m.match('１２３')).toEqual(['digits']);
    expect(m.match('我要退款？')).toEqual(['cjk']);
  });

  it('a regex that matches the empty string does not match a blank message', () => {
    const m = new KeywordMatcher([regex('^\\d*$', 'digits')]);
    expect(m.match('')).toEqual([]);
    expect(m.match('   ')).toEqual([]);
    expect(m.match('42')).toEqual(['digits']);
  });

  it('mixes all three kinds in entry order', () => {
    const m = new KeywordMatcher([regex('^help', 'r'), contains('help', 'c'), exact('help me', 'e')]);
    expect(m.match('Help me')).toEqual(['r', 'c', 'e']);
  });

  it('returns on a catastrophic-backtracking pattern (re2js runs in linear time)', () => {
    const m = new KeywordMatcher([regex('(a+)+$', 'evil')]);
    expect(m.match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).toEqual([]);
    expect(m.match('aaaa')).toEqual(['evil']);
  });

  it('rejects an invalid regex at construction, naming the pattern', () => {
    expect(() => new KeywordMatcher([regex('(unclosed')])).toThrow('(unclosed');
    // re2 has no backreferences: a pattern valid in JavaScript can still be refused.
    expect(() => new KeywordMatcher([regex('(a)\\1')])).toThrow('(a)\\1');
  });

  it('matches nothing with no entries', () => {
    expect(new KeywordMatcher<string>([]).match('hello')).toEqual([]);
  });
});

describe('isValidRegex', () => {
  it('accepts re2 syntax and refuses the rest', () => {
    expect(isValidRegex('^refund|退款$')).toBe(true);
    expect(isValidRegex('(unclosed')).toBe(false);
    expect(isValidRegex('(?=lookahead)')).toBe(false);
  });
});

describe('KeywordMatcher contains/exact against a naive scan', () => {
  // A small alphabet with case, width and spacing variants, so overlaps and folding happen often.
  const unit = fc.constantFrom('a', 'b', 'A', 'Ａ', 'ｂ', ' ', '\u3000', '退', '款');
  const word = fc.array(unit, { minLength: 0, maxLength: 5 }).map((units) => units.join(''));
  const entry = fc.record({ text: word, match: fc.constantFrom('exact' as const, 'contains' as const) });
  const text = fc.array(unit, { maxLength: 30 }).map((units) => units.join(''));

  it('equals includes/=== over normalised strings', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), text, (keywords, message) => {
        const matcher = new KeywordMatcher(keywords.map((k, i) => ({ ...k, value: i })));
        const t = normalizeText(message);
        const expected = keywords.flatMap((k, i) => {
          const kw = normalizeText(k.text);
          if (kw === '') return [];
          return (k.match === 'exact' ? t === kw : t.includes(kw)) ? [i] : [];
        });
        expect(matcher.match(message)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

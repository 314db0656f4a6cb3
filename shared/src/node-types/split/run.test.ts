import { TestChat, exitOf, flowVersion, node } from '../../engine/test-graphs';
import { unitHash } from './run';

const splitFlow = (variants: { id: string; weight: number }[]) =>
  flowVersion('ab', {
    nodes: [node('t', 'trigger', { kind: 'any_message' }), node('s', 'split', { variants })],
    edges: [['t', 'next', 's']],
  });

function variantFor(contactId: string, variants: { id: string; weight: number }[]): string | undefined {
  return exitOf(new TestChat([splitFlow(variants)], { contactId }).say('hi'), 's');
}

describe('split node', () => {
  const half = [
    { id: 'a', weight: 50 },
    { id: 'b', weight: 50 },
  ];

  it('leaves by a variant id, the same one every time for a contact', () => {
    const chat = new TestChat([splitFlow(half)], { contactId: 'contact-42' });
    const handles = [0, 1, 2, 3].map(() => exitOf(chat.say('hi'), 's'));
    expect(['a', 'b']).toContain(handles[0]);
    expect(new Set(handles).size).toBe(1);
  });

  it('spreads contacts by the weights', () => {
    const weighted = [
      { id: 'a', weight: 80 },
      { id: 'b', weight: 20 },
    ];
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 2000; i++) {
      const v = variantFor(`contact-${i}`, weighted);
      if (v === 'a' || v === 'b') counts[v] += 1;
    }
    expect(counts.a + counts.b).toBe(2000);
    expect(counts.a / 2000).toBeGreaterThan(0.75);
    expect(counts.a / 2000).toBeLessThan(0.85);
  });

  it('never picks a variant with no weight', () => {
    const variants = [
      { id: 'off', weight: 0 },
      { id: 'on', weight: 1 },
    ];
    for (let i = 0; i < 200; i++) expect(variantFor(`c${i}`, variants)).toBe('on');
  });

  it('hashes to [0, 1)', () => {
    for (const key of ['', 'a', 'contact-1\u0000f\u0000s', '退款']) {
      expect(unitHash(key)).toBeGreaterThanOrEqual(0);
      expect(unitHash(key)).toBeLessThan(1);
    }
  });
});

import { normalizeText, type MissedKeywords } from '@parley/shared';

export type MissedGroup = MissedKeywords['groups'][number];

/** The texts counted with a group besides its own (the server may list the group's own text among its variants). */
export function nearDuplicates(group: MissedGroup): MissedGroup['variants'] {
  const own = normalizeText(group.text);
  return group.variants.filter((variant) => normalizeText(variant.text) !== own);
}

// How every regex in a flow (keyword triggers, text conditions) meets a message: width-insensitive like
// the other keyword kinds, without rewriting the pattern itself.
import type { RE2JS } from 're2js';
import { normalizeText } from './normalize-text';

/**
 * Tries the pattern on the normalised text (so `\d` matches `１２３` and `ＯＲＤＥＲ` reads as `order`), then on
 * the text as typed (so a pattern written with full-width punctuation, `退款？`, still matches it).
 */
export function regexFinds(re: RE2JS, text: string, normalized: string = normalizeText(text)): boolean {
  return re.matcher(normalized).find() || (normalized !== text && re.matcher(text).find());
}

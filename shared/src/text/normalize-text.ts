// The one normalisation for keywords, condition text, choice answers and the missed-keywords report:
// NFKC folds full-/half-width forms (ＲＥＦＵＮＤ → refund), then lower case and collapsed whitespace.

export function normalizeText(text: string): string {
  // \s covers U+3000 (ideographic space) too, though NFKC already maps it to a plain space.
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

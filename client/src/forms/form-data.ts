// Readers and list edits for draft data, which may be unfinished JSON: forms read what is there without
// trusting it, and edit by copying, so every value the user typed (valid or not) survives each change.

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function replaceAt(list: readonly unknown[], index: number, item: unknown): unknown[] {
  return list.map((existing, i) => (i === index ? item : existing));
}

export function removeAt(list: readonly unknown[], index: number): unknown[] {
  return list.filter((_, i) => i !== index);
}

export function moveItem(list: readonly unknown[], from: number, to: number): unknown[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Ids double as output handle ids, so a new item gets one no sibling (and no built-in handle) uses. */
export function uniqueId(prefix: string, items: readonly unknown[], reserved: readonly string[] = []): string {
  const taken = new Set([...reserved, ...items.map((item) => asString(asRecord(item).id))]);
  let n = items.length + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

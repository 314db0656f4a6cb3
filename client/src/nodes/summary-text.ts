// What a node card says about its settings: a few short lines, and readable names for its outputs.

export interface NodeSummary {
  lines: string[];
  /** Output handle id → label shown beside it; ids not listed are shown as they are. */
  outputLabels?: Record<string, string>;
}

/** A template or text cut to fit a card line, quoted. */
export function quoted(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}

/** The first `max` items, then how many more. */
export function listed(items: readonly string[], max = 3): string {
  const more = items.length - max;
  return more > 0 ? `${items.slice(0, max).join(', ')} +${more} more` : items.join(', ');
}

export function duration(amount: number, unit: string): string {
  return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

export function minutes(value: number): string {
  if (value >= 60 * 24 && value % (60 * 24) === 0) return duration(value / (60 * 24), 'days');
  if (value >= 60 && value % 60 === 0) return duration(value / 60, 'hours');
  return duration(value, 'minutes');
}

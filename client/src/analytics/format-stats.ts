// How the analytics write numbers: counts in full (1,234 — never "1.2k", the e2e test reads them back),
// rates with one decimal at most, durations in the two largest units ("3 min 20 s").

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** A rate in 0..1 as a percentage; "—" when there is nothing to divide by. */
export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

/**
 * Why a completion rate can pass 100%: counts are per day, and a range's first days see sessions leave
 * that entered before it (a wait, a handoff, an ask answered the next morning). Undefined up to 100%.
 */
export function rateNote(rate: number | null): string | undefined {
  return rate !== null && rate > 1 ? 'More left than entered in this range: some entered before it began (a wait, a handoff or a question answered later).' : undefined;
}

const UNITS = [
  { label: 'd', seconds: 86_400 },
  { label: 'h', seconds: 3_600 },
  { label: 'min', seconds: 60 },
  { label: 's', seconds: 1 },
] as const;

/** Milliseconds in the largest unit and the next one ("1 h 5 min", "3 min 20 s", "1 h"); "—" when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  let rest = Math.round(ms / 1000);
  const largest = UNITS.findIndex((unit) => rest >= unit.seconds);
  if (largest === -1) return '0 s';
  const parts: string[] = [];
  for (const unit of UNITS.slice(largest, largest + 2)) {
    const amount = Math.floor(rest / unit.seconds);
    rest -= amount * unit.seconds;
    if (amount > 0) parts.push(`${amount} ${unit.label}`);
  }
  return parts.join(' ');
}

const DROP_REASONS: Record<string, string> = { replaced: 'session replaced', error: 'error' };

/** The words for a drop reason the trace recorded; a reason this client does not know is shown as it is. */
export function dropReasonLabel(reason: string): string {
  return DROP_REASONS[reason] ?? reason;
}

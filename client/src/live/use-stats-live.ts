// The analytics' view of `/live`: each `stats` tick names the flows whose counters moved and whether
// unmatched messages were stored. `onChange` runs a second after the first tick `concerns` (ticks in
// that second ride along), so a busy flow refetches steadily instead of once per message.
import { statsTickSchema, type StatsTick } from '@parley/shared';
import { useEffect, useEffectEvent } from 'react';
import { liveSocket } from './live-socket';

const COALESCE_MS = 1000;

export function useStatsLive(concerns: (tick: StatsTick) => boolean, onChange: () => void): void {
  const isMine = useEffectEvent(concerns);
  const notify = useEffectEvent(onChange);

  useEffect(() => {
    const socket = liveSocket();
    let pending: ReturnType<typeof setTimeout> | null = null;
    const listener = (payload: unknown): void => {
      const parsed = statsTickSchema.safeParse(payload);
      if (!parsed.success || !isMine(parsed.data) || pending !== null) return;
      pending = setTimeout(() => {
        pending = null;
        notify();
      }, COALESCE_MS);
    };
    socket.on('stats', listener);
    return () => {
      socket.off('stats', listener);
      if (pending !== null) clearTimeout(pending);
    };
  }, []);
}

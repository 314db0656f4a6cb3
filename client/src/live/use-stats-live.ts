// The analytics' view of `/live`: each `stats` tick names the flows whose counters moved and whether
// unmatched messages were stored (the server merges each second's ticks into one). A tick that `concerns`
// the page runs `onChange` at once; ticks that come while it runs make it run once more when it is done,
// so a page never has two refetches on their way and never misses the last change. A hidden tab asks
// nothing: it runs `onChange` once when it is shown again, if a tick came meanwhile.
import { statsTickSchema, type StatsTick } from '@parley/shared';
import { useEffect, useEffectEvent } from 'react';
import { liveSocket } from './live-socket';

export function useStatsLive(concerns: (tick: StatsTick) => boolean, onChange: () => Promise<void>): void {
  const isMine = useEffectEvent(concerns);
  const notify = useEffectEvent(onChange);

  useEffect(() => {
    const socket = liveSocket();
    let running = false;
    let again = false;
    let subscribed = true;
    const run = async (): Promise<void> => {
      running = true;
      try {
        do {
          again = false;
          await notify();
        } while (again && subscribed);
      } finally {
        running = false;
      }
    };
    let missedWhileHidden = false;
    const changed = (): void => {
      if (document.visibilityState === 'hidden') missedWhileHidden = true;
      else if (running) again = true;
      else void run();
    };
    const listener = (payload: unknown): void => {
      const parsed = statsTickSchema.safeParse(payload);
      if (parsed.success && isMine(parsed.data)) changed();
    };
    const shown = (): void => {
      if (document.visibilityState === 'hidden' || !missedWhileHidden) return;
      missedWhileHidden = false;
      changed();
    };
    socket.on('stats', listener);
    document.addEventListener('visibilitychange', shown);
    return () => {
      subscribed = false;
      socket.off('stats', listener);
      document.removeEventListener('visibilitychange', shown);
    };
  }, []);
}

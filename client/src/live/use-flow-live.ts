// The builder's view of `/live`: changes to one flow made anywhere (another tab, another user, the
// command line), so it can say "changed elsewhere" and offer a reload.
import { flowChangeEventSchema } from '@parley/shared';
import { useEffect, useEffectEvent } from 'react';
import { liveSocket } from './live-socket';

export type FlowLiveNotice = { kind: 'saved' | 'published' | 'archived'; revision: number; by: string | null };

export function useFlowLive(flowId: string, onEvent: (event: FlowLiveNotice) => void): void {
  // The latest callback without resubscribing on every render.
  const notify = useEffectEvent(onEvent);

  useEffect(() => {
    const socket = liveSocket();
    const listener = (payload: unknown): void => {
      const parsed = flowChangeEventSchema.safeParse(payload);
      if (!parsed.success || parsed.data.flowId !== flowId) return;
      const { kind, revision, by } = parsed.data;
      switch (kind) {
        case 'saved':
        case 'published':
        case 'archived':
          notify({ kind, revision, by });
          break;
        case 'unarchived':
          // For an open builder this is a change of the document like a save: new status, new revision.
          notify({ kind: 'saved', revision, by });
          break;
        case 'created':
          break;
        default: {
          const never: never = kind;
          throw new Error(`unknown flow event ${String(never)}`);
        }
      }
    };
    socket.on('flow', listener);
    return () => {
      socket.off('flow', listener);
    };
  }, [flowId]);
}

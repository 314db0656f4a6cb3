// The flows list's view of `/live`: any flow created, saved, published, archived or reordered
// anywhere, so the list can refresh itself.
import { useEffect, useEffectEvent } from 'react';
import { liveSocket } from './live-socket';

export function useFlowsLive(onChange: () => void): void {
  const notify = useEffectEvent(onChange);

  useEffect(() => {
    const socket = liveSocket();
    const listener = (): void => notify();
    socket.on('flow', listener);
    socket.on('flows-order', listener);
    return () => {
      socket.off('flow', listener);
      socket.off('flows-order', listener);
    };
  }, []);
}

import type { Namespace } from 'socket.io';
import { LiveHooks } from './live-hooks';

/** Records what reaches each room: the socket.io namespace is the boundary here. */
function recordingNamespace(): { namespace: Namespace; sent: { room: string; event: string; payload: unknown }[] } {
  const sent: { room: string; event: string; payload: unknown }[] = [];
  const fake = { to: (room: string) => ({ emit: (event: string, payload: unknown) => sent.push({ room, event, payload }) }) };
  // socket.io's Namespace has far more than `to`; only `to(room).emit` is used by LiveHooks.
  return { namespace: fake as unknown as Namespace, sent };
}

describe('LiveHooks stats ticks', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the first tick at once and merges the ones of the next second into one', () => {
    const { namespace, sent } = recordingNamespace();
    const live = new LiveHooks();
    live.attach(namespace);

    live.onStats({ flowIds: ['a'], unmatched: false });
    expect(sent).toEqual([{ room: 'stats', event: 'stats', payload: { flowIds: ['a'], unmatched: false } }]);

    live.onStats({ flowIds: ['b'], unmatched: false });
    live.onStats({ flowIds: ['a', 'c'], unmatched: true });
    expect(sent).toHaveLength(1);
    jest.advanceTimersByTime(1000);
    expect(sent[1]).toEqual({ room: 'stats', event: 'stats', payload: { flowIds: ['b', 'a', 'c'], unmatched: true } });

    // Nothing more came: the window closes without another tick, and the next one goes out at once.
    jest.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
    live.onStats({ flowIds: ['d'], unmatched: false });
    expect(sent).toHaveLength(3);
  });
});

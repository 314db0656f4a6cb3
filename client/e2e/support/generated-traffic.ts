// A Parley in this process with seeded traffic behind it, for browser tests that compare what the app
// shows with a replay of the event log: the server test support's generator plays the traffic on a
// hand-moved clock, then the raw stored events, conversations and published versions feed its replay.
// The browser signs in as ADMIN (sign-in.ts), as it does on the spawned server.
import type { FlowVersion } from '@parley/shared';
import { CallbackReceiver } from '../../../server/src/__tests__/support/callback-receiver';
import { WEBHOOK_SECRET } from '../../../server/src/__tests__/support/sign-webhook';
import { localDay, readStored, StatsReplay, type DayRange } from '../../../server/src/__tests__/support/stats-replay';
import { createTestParley } from '../../../server/src/__tests__/support/test-parley';
import { generateTraffic, type TrafficOptions } from '../../../server/src/__tests__/support/traffic-generator';
import { ADMIN } from './parley-server';

export interface GeneratedParley {
  /** http://127.0.0.1:<port>, serving the API and the built client/dist. */
  url: string;
  replay: StatsReplay;
  /** Every published version of every flow, oldest first per flow. */
  versions: FlowVersion[];
  /** The days the traffic covered, in the flow's time zone. */
  rangeOf(flowId: string): DayRange;
  close(): Promise<void>;
}

export async function startWithGeneratedTraffic(options: TrafficOptions): Promise<GeneratedParley> {
  // Replies sent after a webhook's synchronous answer (timeouts, resolved handoffs) are delivered here.
  const receiver = await CallbackReceiver.start();
  // The lead flow's CRM answers at once: no test reaches the real network.
  const parley = await createTestParley({ webhookCallbackUrl: receiver.url, http: async () => ({ ok: true, status: 201, body: { id: 'lead' } }) });
  const close = async (): Promise<void> => {
    await parley.close();
    await receiver.close();
  };
  try {
    const url = await parley.listen();
    await parley.auth.createUser({ email: ADMIN.email, password: ADMIN.password, name: 'Admin', role: 'admin', teams: [] });
    const admin = (await parley.userWithToken('admin')).headers;
    const report = await generateTraffic(
      { url, admin, webhookSecret: WEBHOOK_SECRET, clock: { now: () => parley.clock.now(), advanceTo: (at) => parley.advanceTo(at) } },
      options,
    );

    const { events, conversations, flows, versions } = await readStored(parley.store);
    return {
      url,
      replay: new StatsReplay({ events, conversations, versions }),
      versions,
      rangeOf(flowId) {
        const timezone = flows.find((flow) => flow.id === flowId)?.settings.timezone;
        if (timezone === undefined) throw new Error(`no flow ${flowId}`);
        return { from: localDay(timezone, report.startedAt), to: localDay(timezone, report.endedAt) };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

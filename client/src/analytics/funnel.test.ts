import type { FlowFunnel } from '@parley/shared';
import { funnelSteps } from './funnel';

const answer = (steps: FlowFunnel['steps']): FlowFunnel => ({ flowId: 'f', version: null, timezone: 'UTC', from: '2025-01-01', to: '2025-01-30', steps });

describe('a funnel over picked nodes', () => {
  it('converts the contacts of each step over those of the step before', () => {
    const steps = funnelSteps(
      answer([
        { nodeId: 'ask', inVersion: true, contacts: 200, enteredContacts: 200 },
        { nodeId: 'thanks', inVersion: true, contacts: 150, enteredContacts: 170 },
        { nodeId: 'end', inVersion: true, contacts: 120, enteredContacts: 400 },
      ]),
    );
    expect(steps.map((step) => [step.nodeId, step.contacts, step.conversion])).toEqual([
      ['ask', 200, null],
      ['thanks', 150, 0.75],
      ['end', 120, 0.8],
    ]);
  });

  it('has no conversion after a step nobody reached', () => {
    const steps = funnelSteps(
      answer([
        { nodeId: 'a', inVersion: true, contacts: 0, enteredContacts: 0 },
        { nodeId: 'gone', inVersion: false, contacts: 0, enteredContacts: 0 },
        { nodeId: 'b', inVersion: true, contacts: 0, enteredContacts: 3 },
      ]),
    );
    expect(steps.map((step) => step.conversion)).toEqual([null, null, null]);
  });
});

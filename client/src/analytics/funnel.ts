// A funnel over the path of nodes the analyst picked, from the server's answer: for each step, the contacts
// that entered it and every step before it, the conversion from the step before, and how many entered
// the step at all (more when some came another way).
import type { FlowFunnel } from '@parley/shared';

export interface FunnelStep {
  nodeId: string;
  /** False when the version asked for does not have the node. */
  inVersion: boolean;
  /** Contacts that entered this step and every step before it. */
  contacts: number;
  /** Contacts that entered this step, however they came. */
  enteredContacts: number;
  /** Contacts here ÷ contacts at the step before: never over 1. Null for the first step, or after a step nobody reached. */
  conversion: number | null;
}

export function funnelSteps(funnel: FlowFunnel): FunnelStep[] {
  return funnel.steps.map((step, position) => {
    const before = position === 0 ? undefined : funnel.steps[position - 1];
    return { ...step, conversion: before === undefined || before.contacts === 0 ? null : step.contacts / before.contacts };
  });
}

import type { WaitData } from '@parley/shared';
import { duration, type NodeSummary } from '../summary-text';

export function waitSummary(data: WaitData): NodeSummary {
  switch (data.mode) {
    case 'delay':
      return { lines: [`Wait ${duration(data.amount, data.unit)}`] };
    case 'time_of_day':
      return { lines: [`Until ${data.time} (flow time zone)`] };
    case 'business_hours':
      return { lines: ['Until business hours open'] };
    case 'reply':
      return { lines: ['Wait for a reply', `Time out after ${duration(data.amount, data.unit)}`] };
    default: {
      const never: never = data;
      throw new Error(`unknown wait mode ${JSON.stringify(never)}`);
    }
  }
}

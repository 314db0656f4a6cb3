import type { TriggerData } from '@parley/shared';
import { listed, quoted, type NodeSummary } from '../summary-text';

export function triggerSummary(data: TriggerData): NodeSummary {
  const lines = [what(data)];
  if (data.channels.length > 0) lines.push(`Channels: ${data.channels.join(', ')}`);
  if (data.activeFrom !== null || data.activeUntil !== null) lines.push('Active in a time window');
  lines.push(`Priority ${data.priority}`);
  return { lines };
}

function what(data: TriggerData): string {
  switch (data.kind) {
    case 'keyword':
      return `Keywords: ${listed(data.keywords.map((k) => `${quoted(k.text, 24)}${k.match === 'contains' ? '' : ` (${k.match})`}`))}`;
    case 'any_message':
      return 'Any message';
    case 'first_contact':
      return 'First contact (welcome)';
    case 'returning':
      return `Returning after ${data.afterDays} day${data.afterDays === 1 ? '' : 's'} of silence`;
    case 'postback':
      return `Button or menu: ${listed(data.payloads.map((p) => quoted(p, 24)))}`;
    case 'tag_added':
      return `Tag added: ${data.tag}`;
    case 'api':
      return 'Started by an API call';
    default: {
      const never: never = data;
      throw new Error(`unknown trigger kind ${JSON.stringify(never)}`);
    }
  }
}

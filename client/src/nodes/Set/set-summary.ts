import type { SetData } from '@parley/shared';
import { quoted, type NodeSummary } from '../summary-text';

export function setSummary(data: SetData): NodeSummary {
  const shown = data.assignments.slice(0, 4).map((a) => `${a.target === 'variable' ? 'vars' : 'contact'}.${a.name} = ${quoted(a.value, 32)}`);
  const more = data.assignments.length - shown.length;
  return { lines: more > 0 ? [...shown, `+${more} more`] : shown };
}

// The report's groups, most frequent first: what customers wrote, how often, the near-duplicates
// counted with it, the trend over the range's days, when it was last seen, and the way to act on it.
import type { MissedKeywords } from '@parley/shared';
import { Plus } from 'lucide-react';
import { formatTime } from '../app/format-time';
import { nearDuplicates, type MissedGroup } from './near-duplicates';
import { relativeTime } from './relative-time';
import { TrendSparkline } from './TrendSparkline';

interface MissedKeywordsTableProps {
  report: MissedKeywords;
  now: number;
  onAdd(group: MissedGroup): void;
}

export function MissedKeywordsTable({ report, now, onAdd }: MissedKeywordsTableProps) {
  return (
    <table className="missed-table">
      <thead>
        <tr>
          <th scope="col">Message</th>
          <th scope="col" className="missed-number">
            Count
          </th>
          <th scope="col">Includes</th>
          <th scope="col">Trend</th>
          <th scope="col">Last seen</th>
          <th scope="col">
            <span className="app-visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {report.groups.map((group) => {
          const duplicates = nearDuplicates(group);
          return (
            <tr key={group.text}>
              <th scope="row" className="missed-text">
                {group.text}
              </th>
              <td className="missed-number">{group.count}</td>
              <td className="missed-variants">{duplicates.length === 0 ? '—' : duplicates.map((variant) => `${variant.text} ×${variant.count}`).join(', ')}</td>
              <td>
                <TrendSparkline days={report.days} daily={group.daily} />
              </td>
              <td>
                <time dateTime={new Date(group.lastAt).toISOString()} title={formatTime(group.lastAt)}>
                  {relativeTime(group.lastAt, now)}
                </time>
              </td>
              <td>
                <button type="button" className="app-button" onClick={() => onAdd(group)}>
                  <Plus size={14} aria-hidden /> Add as keyword…<span className="app-visually-hidden"> ({group.text})</span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

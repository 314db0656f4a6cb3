// An A/B split's variants: how many took each, how many of those went on to complete the flow, the
// completion rate with its 95% interval, and the server's plain sentence for each comparison.
import type { SplitStats } from '@parley/shared';
import { formatCount, formatPercent } from './format-stats';

interface SplitStatsTableProps {
  split: SplitStats;
  /** Handle id → the variant's name on the card. */
  labels: Readonly<Record<string, string>> | undefined;
}

export function SplitStatsTable({ split, labels }: SplitStatsTableProps) {
  return (
    <div className="split-stats">
      <table className="analytics-table">
        <caption>Completion of the flow by variant</caption>
        <thead>
          <tr>
            <th scope="col" className="analytics-table__text">
              Variant
            </th>
            <th scope="col">Took it</th>
            <th scope="col">Completed</th>
            <th scope="col">Completion (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          {split.variants.map((variant) => (
            <tr key={variant.handle}>
              <th scope="row">{labels?.[variant.handle] ?? variant.handle}</th>
              <td>{formatCount(variant.exited)}</td>
              <td>{formatCount(variant.completed)}</td>
              <td>
                {formatPercent(variant.completion.rate)}
                {variant.completion.low !== null && variant.completion.high !== null && (
                  <span className="muted">
                    {' '}
                    ({formatPercent(variant.completion.low)}–{formatPercent(variant.completion.high)})
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {split.comparisons.length > 0 && (
        <ul className="split-stats__sentences" aria-label="Comparisons">
          {split.comparisons.map((comparison) => (
            <li key={comparison.variant} className={comparison.significant ? 'split-stats__sentence--significant' : undefined}>
              {comparison.sentence}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// One funnel: a bar per step, as wide as its entered count against the widest step, and between two steps
// the conversion and, when an edge joins them, how many took it.
import { ArrowDown } from 'lucide-react';
import { useId } from 'react';
import type { FunnelStep } from './funnel';
import { formatCount, formatPercent } from './format-stats';

interface FunnelChartProps {
  title: string;
  steps: readonly FunnelStep[];
  labelOf: (nodeId: string) => string;
}

export function FunnelChart({ title, steps, labelOf }: FunnelChartProps) {
  const widest = Math.max(1, ...steps.map((step) => step.entered ?? 0));
  const titleId = useId();
  return (
    <figure className="funnel" aria-labelledby={titleId}>
      <figcaption className="funnel__title" id={titleId}>
        {title}
      </figcaption>
      <ol className="funnel__steps">
        {steps.map((step, position) => (
          <li key={step.nodeId} className="funnel__step">
            {position > 0 && (
              <p className="funnel__conversion">
                <ArrowDown size={12} aria-hidden /> {formatPercent(step.conversion)} converted
                {step.edgeCount === null ? '' : ` · ${formatCount(step.edgeCount)} by the edge`}
              </p>
            )}
            <div className="funnel__label">{labelOf(step.nodeId)}</div>
            {step.entered === null ? (
              <p className="muted">Not in this version</p>
            ) : (
              <div className="funnel__row">
                <div className="funnel__bar" style={{ width: `${(step.entered / widest) * 100}%` }} />
                <span className="funnel__count">{formatCount(step.entered)} entered</span>
              </div>
            )}
          </li>
        ))}
      </ol>
    </figure>
  );
}

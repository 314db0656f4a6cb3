// One funnel: a bar per step, as wide as the contacts that got that far against the first step, and
// between two steps the share that went on.
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
  const widest = Math.max(1, steps[0]?.contacts ?? 0);
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
                <ArrowDown size={12} aria-hidden /> {formatPercent(step.conversion)} went on
              </p>
            )}
            <div className="funnel__label">{labelOf(step.nodeId)}</div>
            {!step.inVersion ? (
              <p className="muted">Not in this version</p>
            ) : (
              <div className="funnel__row">
                <div className="funnel__bar" style={{ width: `${(step.contacts / widest) * 100}%` }} />
                <span className="funnel__count">
                  {formatCount(step.contacts)} {step.contacts === 1 ? 'contact' : 'contacts'}
                  {step.enteredContacts > step.contacts && <span className="muted"> · {formatCount(step.enteredContacts)} entered it in all</span>}
                </span>
              </div>
            )}
          </li>
        ))}
      </ol>
    </figure>
  );
}

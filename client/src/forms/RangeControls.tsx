// Preset buttons and a custom from–to form. The server is the judge of a custom range (inverted or
// longer than it allows): its message is shown by the page, and the typed days stay in the form.
import { CalendarRange } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { StatsRange } from '../api/stats-api';
import { PRESET_DETAILS, RANGE_PRESETS, type RangeChoice } from './day-range';
import './forms.css';

interface RangeControlsProps {
  choice: RangeChoice;
  /** The days the choice covers now. */
  range: StatsRange;
  onChange(choice: RangeChoice): void;
}

export function RangeControls({ choice, range, onChange }: RangeControlsProps) {
  const [draft, setDraft] = useState<StatsRange>(range);
  const ids = { from: useId(), to: useId() };

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    onChange({ kind: 'custom', range: draft });
  }

  return (
    <div className="range-controls">
      <div className="range-presets" role="group" aria-label="Date range">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="app-button"
            aria-pressed={choice.kind === 'preset' && choice.preset === preset}
            onClick={() => onChange({ kind: 'preset', preset })}
          >
            {PRESET_DETAILS[preset].label}
          </button>
        ))}
        <button
          type="button"
          className="app-button"
          aria-pressed={choice.kind === 'custom'}
          onClick={() => {
            // Starts from the days on screen, so picking one end is one change.
            setDraft(range);
            onChange({ kind: 'custom', range });
          }}
        >
          <CalendarRange size={14} aria-hidden /> Custom
        </button>
      </div>
      {choice.kind === 'custom' && (
        <form className="range-custom" aria-label="Custom range" onSubmit={apply}>
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} className="form-input" type="date" required value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} className="form-input" type="date" required value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
          <button type="submit" className="app-button app-button-primary">
            Show
          </button>
        </form>
      )}
    </div>
  );
}

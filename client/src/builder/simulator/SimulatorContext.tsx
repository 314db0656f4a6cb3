// The simulated world the draft runs in: the clock (wall-clock time in a zone; it moves only when the
// tester moves it), the channel, the contact's tags, and the seed behind the contact and random source.
import { channelSchema } from '@parley/shared';
import { Dices, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ChannelField } from '../../forms/ChannelField';
import { Field } from '../../forms/Field';
import type { FieldIssue } from '../../forms/field-issues';
import { FormErrors } from '../../forms/FormErrors';
import { NumberField } from '../../forms/NumberField';
import { TimeZoneField } from '../../forms/TimeZoneField';
import type { BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { newSeed } from './seeded-random';
import { formatClock, fromLocalInput, isTimeZone, toLocalInput } from './sim-time';
import type { SimInput, Simulation } from './simulation';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const selectActions = (state: BuilderState) => ({
  setClock: state.setSimulatedClock,
  setTimezone: state.setSimulatedTimezone,
  setChannel: state.setSimulatedChannel,
  reseed: state.reseedSimulation,
});

interface SimulatorContextProps {
  simulation: Simulation;
  onInput: (input: SimInput) => void;
}

export function SimulatorContext({ simulation, onInput }: SimulatorContextProps) {
  const { setClock, setTimezone, setChannel, reseed } = useBuilderStore(useShallow(selectActions));
  const { now, timezone, seed, conversation } = simulation;
  // What the tester typed, kept while it is not (yet) a zone, a channel or a seed.
  const [zoneText, setZoneText] = useState(timezone);
  const [channelText, setChannelText] = useState<string>(conversation.channel);
  const [seedText, setSeedText] = useState<number | string | null>(seed);
  const [tagText, setTagText] = useState('');
  const tagsLabelId = useId();
  const issues: FieldIssue[] = [
    ...(isTimeZone(zoneText) ? [] : [{ path: ['timezone'], message: 'unknown time zone: pick one from the list, e.g. Asia/Shanghai' }]),
    ...(channelSchema.safeParse(channelText).success ? [] : [{ path: ['channel'], message: 'a channel kind (web, webhook, whatsapp, wecom, api), optionally .account' }]),
    ...(isSeed(seedText) ? [] : [{ path: ['seed'], message: 'a whole number from 0 to 4294967295' }]),
  ];

  const changeZone = (zone: string) => {
    setZoneText(zone);
    if (!isTimeZone(zone)) return;
    // The picker shows wall-clock time: a new zone keeps it (23:00 stays 23:00) at the instant it means there.
    setClock(fromLocalInput(toLocalInput(now, timezone), zone) ?? now);
    setTimezone(zone);
  };
  const addTag = (event: FormEvent) => {
    event.preventDefault();
    const tag = tagText.trim();
    if (tag === '') return;
    setTagText('');
    if (!conversation.contact.tags.includes(tag)) onInput({ kind: 'tag', tag, added: true });
  };

  return (
    <details className="sim-context" open>
      <summary className="sim-context__summary">
        <span className="sim-context__clock">{formatClock(now, timezone)}</span> · {timezone} · {conversation.channel}
      </summary>
      <FormErrors issues={issues}>
        <div className="sim-context__grid">
          <Field label="Simulated date and time" path={['now']} className="sim-context__wide">
            {(control) => (
              <input
                {...control}
                className="form-input"
                type="datetime-local"
                value={toLocalInput(now, timezone)}
                onChange={(event) => {
                  const picked = fromLocalInput(event.target.value, timezone);
                  if (picked !== null) setClock(picked);
                }}
              />
            )}
          </Field>
          <div className="sim-context__advance" role="group" aria-label="Move the clock on">
            <button type="button" className="app-button" onClick={() => setClock(now + HOUR_MS)}>
              +1 hour
            </button>
            <button type="button" className="app-button" onClick={() => setClock(now + DAY_MS)}>
              +1 day
            </button>
          </div>
          <TimeZoneField label="Time zone" path={['timezone']} value={zoneText} onChange={changeZone} />
          <ChannelField
            label="Channel"
            path={['channel']}
            value={channelText}
            onChange={(channel) => {
              setChannelText(channel);
              const parsed = channelSchema.safeParse(channel);
              if (parsed.success) setChannel(parsed.data);
            }}
          />
        </div>
        <div className="form-field">
          <span className="form-label" id={tagsLabelId}>
            Contact tags
          </span>
          <ul className="sim-tags" aria-labelledby={tagsLabelId}>
            {conversation.contact.tags.length === 0 && <li className="sim-tags__empty">No tags</li>}
            {conversation.contact.tags.map((tag) => (
              <li key={tag} className="sim-tag">
                {tag}
                <button type="button" className="sim-tag__remove" aria-label={`Remove tag ${tag}`} onClick={() => onInput({ kind: 'tag', tag, added: false })}>
                  <X size={12} aria-hidden />
                </button>
              </li>
            ))}
          </ul>
          <form className="sim-tags__add" onSubmit={addTag}>
            <input className="form-input" aria-label="New tag" placeholder="vip" value={tagText} onChange={(event) => setTagText(event.target.value)} />
            <button type="submit" className="app-button" disabled={tagText.trim() === ''}>
              Add tag
            </button>
          </form>
        </div>
        <div className="sim-context__seed">
          <NumberField
            label="Seed"
            path={['seed']}
            value={seedText}
            hint="Same seed, same contact and A/B variants. Changing it starts over."
            onChange={(value) => {
              setSeedText(value);
              if (isSeed(value)) reseed(value);
            }}
          />
          <button
            type="button"
            className="app-button"
            onClick={() => {
              const next = newSeed();
              setSeedText(next);
              reseed(next);
            }}
          >
            <Dices size={14} aria-hidden /> New seed
          </button>
        </div>
      </FormErrors>
    </details>
  );
}

function isSeed(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

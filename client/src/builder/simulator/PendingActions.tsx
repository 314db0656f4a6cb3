// What the simulated conversation waits for besides a message, with the control that delivers it: skip
// the wait (the clock jumps to the timer), resolve or give up a handoff, or answer an http call.
import { jsonSchema, type HttpRequest, type Json } from '@parley/shared';
import { FastForward, Globe, Headset } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { FieldIssue } from '../../forms/field-issues';
import { FormErrors } from '../../forms/FormErrors';
import { NumberField } from '../../forms/NumberField';
import { SelectField } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import { formatShort } from './sim-time';
import { pendingTimer, type SimInput, type Simulation } from './simulation';

interface PendingActionsProps {
  simulation: Simulation;
  onInput: (input: SimInput) => void;
}

export function PendingActions({ simulation, onInput }: PendingActionsProps) {
  const timer = pendingTimer(simulation);
  const { conversation, pendingHttp } = simulation;
  const handedOff = conversation.handedOff || conversation.session?.waiting.kind === 'handoff';
  if (timer === null && !handedOff && pendingHttp === null) return null;
  return (
    <div className="sim-pending">
      {handedOff && (
        <div className="sim-pending__row">
          <Headset size={14} aria-hidden />
          <span>With a person: automation waits.</span>
          <button type="button" className="app-button" onClick={() => onInput({ kind: 'handoff', outcome: 'resolved' })}>
            Resolve handoff
          </button>
          <button type="button" className="app-button app-button-ghost" onClick={() => onInput({ kind: 'handoff', outcome: 'unassigned' })}>
            No agent
          </button>
        </div>
      )}
      {pendingHttp !== null && <HttpResultForm key={pendingHttp.token} request={pendingHttp.request} onInput={onInput} />}
      {timer !== null && (
        <div className="sim-pending__row">
          <FastForward size={14} aria-hidden />
          <span>A timer is set for {formatShort(timer.at, simulation.timezone)}.</span>
          <button type="button" className="app-button" onClick={() => onInput({ kind: 'skip_wait' })}>
            Skip wait
          </button>
        </div>
      )}
    </div>
  );
}

const RESULT_OPTIONS = [
  { value: 'ok', label: 'Success (ok)' },
  { value: 'error', label: 'Failure (error)' },
];

/** The request as the runtime would send it, and the result to pretend it got (default: ok with `{}`). */
function HttpResultForm({ request, onInput }: { request: HttpRequest; onInput: (input: SimInput) => void }) {
  const [ok, setOk] = useState(true);
  const [status, setStatus] = useState<number | string | null>(200);
  const [body, setBody] = useState('{}');
  const [issues, setIssues] = useState<FieldIssue[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldIssue[] = [];
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) found.push({ path: ['status'], message: 'a status code from 100 to 599' });
    const parsed = parseJson(body);
    if (parsed === null) found.push({ path: ['body'], message: 'not JSON: write e.g. {} or {"id": "L-1"}' });
    setIssues(found);
    if (found.length > 0 || parsed === null || typeof status !== 'number') return;
    onInput({ kind: 'http_result', ok, status, body: parsed.value });
  };

  return (
    <form className="sim-pending__http" onSubmit={submit} aria-label="HTTP call result">
      <p className="sim-pending__row">
        <Globe size={14} aria-hidden />
        <span>
          The flow calls <code>{request.method} {request.url}</code>
        </span>
      </p>
      {(Object.keys(request.headers).length > 0 || request.body !== '') && (
        <pre className="sim-pending__request">
          {Object.entries(request.headers).map(([name, value]) => `${name}: ${value}\n`)}
          {request.body}
        </pre>
      )}
      <FormErrors issues={issues}>
        <SelectField
          label="Simulated result"
          path={['ok']}
          value={ok ? 'ok' : 'error'}
          options={RESULT_OPTIONS}
          onChange={(value) => {
            setOk(value === 'ok');
            setStatus(value === 'ok' ? 200 : 500);
          }}
        />
        <NumberField label="Status" path={['status']} value={status} onChange={setStatus} />
        <TextField label="Response body (JSON)" path={['body']} value={body} onChange={setBody} multiline monospace />
      </FormErrors>
      <button type="submit" className="app-button app-button-primary">
        Send result
      </button>
    </form>
  );
}

function parseJson(text: string): { value: Json } | null {
  try {
    const parsed = jsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? { value: parsed.data } : null;
  } catch {
    return null;
  }
}

// "Add as keyword": pick a flow, then a new keyword trigger or one of the flow's keyword triggers,
// with the group's text (editable) and any of its near-duplicates as keywords. Saving writes the
// flow's draft and opens it in the builder, which says the draft still has to be published.
import { friendlyErrorMap, keywordSchema, type FlowSummary, type Keyword, type KeywordMatch } from '@parley/shared';
import { X } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { flowsApi } from '../api/flows-api';
import { useBuilderStore } from '../builder/store/builder-store';
import type { KeywordTarget } from './add-keywords-to-draft';
import { keywordTriggers, type KeywordTrigger } from './keyword-triggers';
import { nearDuplicates, type MissedGroup } from './near-duplicates';
import { saveKeywords } from './save-keywords';
import '../forms/forms.css';

// A literal message as a regex would match other texts than it says.
const MATCH_OPTIONS: { value: KeywordMatch; label: string }[] = [
  { value: 'contains', label: 'Message contains it' },
  { value: 'exact', label: 'Message is exactly it' },
];

type Loadable<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: T };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function triggerLabel(trigger: KeywordTrigger): string {
  return trigger.keywords.map((keyword) => `“${keyword.text}”`).join(', ');
}

export function AddKeywordDialog({ group, onClose }: { group: MissedGroup; onClose(): void }) {
  const navigate = useNavigate();
  const ids = { title: useId(), text: useId(), match: useId(), flow: useId(), where: useId(), trigger: useId(), textError: useId() };
  const [text, setText] = useState(group.text);
  const [match, setMatch] = useState<KeywordMatch>('contains');
  const [variants, setVariants] = useState<ReadonlySet<string>>(new Set());
  const [flows, setFlows] = useState<Loadable<FlowSummary[]>>({ kind: 'loading' });
  const [flowId, setFlowId] = useState('');
  const [triggers, setTriggers] = useState<Loadable<KeywordTrigger[]> | null>(null);
  const [where, setWhere] = useState<KeywordTarget['kind']>('new-trigger');
  const [triggerId, setTriggerId] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  // Read while rendering: by the time effects run, the keyword field has taken the focus.
  const [opener] = useState(() => document.activeElement);

  useEffect(
    // Keyboard focus goes back where it was (the row's button) when the dialog closes.
    () => () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    },
    [opener],
  );

  useEffect(() => {
    let current = true;
    flowsApi
      .list()
      // An archived flow's triggers never fire.
      .then((all) => current && setFlows({ kind: 'ready', value: all.filter((flow) => flow.status !== 'archived') }))
      .catch((error: unknown) => current && setFlows({ kind: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    if (flowId === '') return;
    let current = true;
    flowsApi
      .get(flowId)
      .then((flow) => {
        if (!current) return;
        const found = keywordTriggers(flow.graph);
        setTriggers({ kind: 'ready', value: found });
        setTriggerId(found[0]?.nodeId ?? '');
      })
      .catch((error: unknown) => current && setTriggers({ kind: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, [flowId]);

  // A variant too long to be a keyword is not offered.
  const duplicates = nearDuplicates(group).filter((variant) => keywordSchema.safeParse({ text: variant.text }).success);
  const typed = keywordSchema.safeParse({ text: text.trim(), match }, { error: friendlyErrorMap });
  const textError = typed.success ? null : (typed.error.issues[0]?.message ?? 'not a keyword');
  const keywords: Keyword[] = [{ text: text.trim(), match }, ...duplicates.filter((variant) => variants.has(variant.text)).map((variant) => ({ text: variant.text, match }))];
  const existing = triggers?.kind === 'ready' ? triggers.value : [];
  const target: KeywordTarget | null = where === 'new-trigger' ? { kind: 'new-trigger' } : triggerId === '' ? null : { kind: 'trigger', nodeId: triggerId };
  const canSave = !saving && textError === null && flowId !== '' && target !== null;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!canSave || target === null) return;
    setSaving(true);
    setSaveError(null);
    try {
      const flow = await saveKeywords(flowId, target, keywords);
      const added = keywords.map((keyword) => `“${keyword.text}”`).join(', ');
      useBuilderStore
        .getState()
        .showNotice(`Added ${added} to the draft of “${flow.name}”${target.kind === 'new-trigger' ? ' as a new trigger — connect it to what should answer' : ''}. Publish the flow for it to take effect.`);
      await navigate(`/flows/${encodeURIComponent(flow.id)}`);
    } catch (error) {
      setSaveError(messageOf(error));
      setSaving(false);
    }
  }

  function toggleVariant(variant: string, on: boolean): void {
    const next = new Set(variants);
    if (on) next.add(variant);
    else next.delete(variant);
    setVariants(next);
  }

  return (
    <div className="missed-backdrop">
      <section
        className="missed-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={ids.title}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !saving) onClose();
        }}
      >
        <header className="missed-dialog-header">
          <h2 id={ids.title}>Add as keyword</h2>
          <button type="button" className="app-button app-button-ghost app-icon-button" aria-label="Close" onClick={onClose} disabled={saving}>
            <X size={16} aria-hidden />
          </button>
        </header>
        <form className="missed-dialog-form" onSubmit={(event) => void submit(event)}>
          <div className="missed-field">
            <label htmlFor={ids.text}>Keyword</label>
            <input
              id={ids.text}
              className="form-input"
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-invalid={textError !== null}
              aria-describedby={textError === null ? undefined : ids.textError}
              autoFocus
            />
            {textError !== null && (
              <p id={ids.textError} className="form-error">
                {textError}
              </p>
            )}
          </div>
          <div className="missed-field">
            <label htmlFor={ids.match}>Match</label>
            <select id={ids.match} className="form-input" value={match} onChange={(event) => setMatch(MATCH_OPTIONS.find((option) => option.value === event.target.value)?.value ?? 'contains')}>
              {MATCH_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <p className="missed-hint">Case and full-/half-width forms are ignored.</p>
          </div>
          {duplicates.length > 0 && (
            <fieldset className="missed-field">
              <legend>Also add its near-duplicates</legend>
              {duplicates.map((variant) => (
                <label key={variant.text} className="missed-check">
                  <input type="checkbox" checked={variants.has(variant.text)} onChange={(event) => toggleVariant(variant.text, event.target.checked)} />
                  {variant.text} <span className="missed-hint">×{variant.count}</span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="missed-field">
            <label htmlFor={ids.flow}>Flow</label>
            {flows.kind === 'ready' ? (
              <select
                id={ids.flow}
                className="form-input"
                value={flowId}
                onChange={(event) => {
                  setFlowId(event.target.value);
                  setTriggers(event.target.value === '' ? null : { kind: 'loading' });
                  setWhere('new-trigger');
                }}
              >
                <option value="">Choose a flow…</option>
                {flows.value.map((flow) => (
                  <option key={flow.id} value={flow.id}>
                    {flow.name}
                  </option>
                ))}
              </select>
            ) : (
              <p className={flows.kind === 'error' ? 'form-error' : 'missed-hint'} role={flows.kind === 'error' ? 'alert' : 'status'}>
                {flows.kind === 'error' ? `The flows could not be loaded: ${flows.message}` : 'Loading flows…'}
              </p>
            )}
          </div>
          <fieldset className="missed-field" disabled={flowId === ''}>
            <legend>Where</legend>
            <label className="missed-check">
              <input type="radio" name={ids.where} checked={where === 'new-trigger'} onChange={() => setWhere('new-trigger')} />
              New keyword trigger
            </label>
            <label className="missed-check">
              <input type="radio" name={ids.where} checked={where === 'trigger'} onChange={() => setWhere('trigger')} disabled={existing.length === 0} />
              Add to trigger
            </label>
            {triggers?.kind === 'loading' && (
              <p className="missed-hint" role="status">
                Loading the flow’s triggers…
              </p>
            )}
            {triggers?.kind === 'error' && (
              <p className="form-error" role="alert">
                The flow could not be loaded: {triggers.message}
              </p>
            )}
            {triggers?.kind === 'ready' && existing.length === 0 && <p className="missed-hint">This flow has no keyword triggers yet.</p>}
            {where === 'trigger' && existing.length > 0 && (
              <>
                <label htmlFor={ids.trigger}>Trigger</label>
                <select id={ids.trigger} className="form-input" value={triggerId} onChange={(event) => setTriggerId(event.target.value)}>
                  {existing.map((trigger) => (
                    <option key={trigger.nodeId} value={trigger.nodeId}>
                      {triggerLabel(trigger)}
                    </option>
                  ))}
                </select>
              </>
            )}
          </fieldset>
          <p className="missed-hint">This changes the flow’s draft: the keyword takes effect once the flow is published.</p>
          {saveError !== null && (
            <p className="form-error" role="alert">
              {saveError}
            </p>
          )}
          <div className="missed-dialog-actions">
            <button type="button" className="app-button app-button-ghost" onClick={onClose} disabled={saving}>
              Cancel
            </button>
            <button type="submit" className="app-button app-button-primary" disabled={!canSave}>
              {saving ? 'Saving…' : 'Add keyword'}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}

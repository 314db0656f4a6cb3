import { Plus, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { ApiRequestError } from '../api/api-client';

interface CreateFlowFormProps {
  /** Creates the flow and opens it; rejects with the server's error. */
  onCreate(name: string): Promise<void>;
  onCancel(): void;
}

/** The name of a new flow; the server makes its id from it. */
export function CreateFlowForm({ onCreate, onCancel }: CreateFlowFormProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { input: useId(), error: useId() };

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onCreate(name);
    } catch (caught) {
      setError(nameError(caught));
      setBusy(false);
    }
  }

  return (
    <form className="flows-create" onSubmit={(event) => void submit(event)} aria-label="New flow">
      <label htmlFor={ids.input} className="flows-create-label">
        Name of the new flow
      </label>
      <div className="flows-create-row">
        <input
          id={ids.input}
          className="flows-input"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="e.g. Welcome and FAQ"
          aria-invalid={error !== null}
          aria-describedby={error ? ids.error : undefined}
          autoFocus
        />
        <button type="submit" className="app-button app-button-primary" disabled={busy}>
          <Plus size={14} aria-hidden /> {busy ? 'Creating…' : 'Create'}
        </button>
        <button type="button" className="app-button app-button-ghost" onClick={onCancel}>
          <X size={14} aria-hidden /> Cancel
        </button>
      </div>
      {error && (
        <p id={ids.error} className="flows-field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function nameError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const field = error.details.find((detail) => detail.path?.[0] === 'name');
    if (field) return `Name: ${field.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

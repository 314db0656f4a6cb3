import type { FlowSummary } from '@parley/shared';
import { Archive, ArchiveRestore, ArrowDown, ArrowUp, Check, Copy, Download, GripVertical, Pencil, X } from 'lucide-react';
import { useId, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiRequestError } from '../api/api-client';
import { formatTime } from '../app/format-time';
import { StatusBadges } from './StatusBadges';

export interface FlowRowActions {
  rename(flow: FlowSummary, name: string): Promise<void>;
  duplicate(flow: FlowSummary): Promise<void>;
  exportJson(flow: FlowSummary): Promise<void>;
  setArchived(flow: FlowSummary, archived: boolean): Promise<void>;
  move(flow: FlowSummary, delta: -1 | 1): void;
  dragStart(flow: FlowSummary): void;
  dropOn(flow: FlowSummary): void;
}

interface FlowRowProps {
  flow: FlowSummary;
  position: number;
  isFirst: boolean;
  isLast: boolean;
  /** A reorder is being saved: the order controls wait. */
  reordering: boolean;
  actions: FlowRowActions;
}

/** One flow in the list: its status, the inline rename, and what can be done to it. */
export function FlowRow({ flow, position, isFirst, isLast, reordering, actions }: FlowRowProps) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(flow.name);
  const [renameError, setRenameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dropTarget, setDropTarget] = useState(false);
  const ids = { input: useId(), error: useId() };

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }

  async function saveName(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setRenameError(null);
    await run(async () => {
      try {
        await actions.rename(flow, name);
        setEditing(false);
      } catch (error) {
        // The typed name stays in the field, whatever went wrong.
        setRenameError(renameMessage(error));
      }
    });
  }

  const live = flow.status === 'published';
  const archived = flow.status === 'archived';
  const dragProps = {
    onDragOver: (event: DragEvent) => {
      event.preventDefault();
      setDropTarget(true);
    },
    onDragLeave: () => setDropTarget(false),
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      setDropTarget(false);
      actions.dropOn(flow);
    },
  };

  return (
    <tr className={`flows-row${archived ? ' flows-row-archived' : ''}${dropTarget ? ' flows-row-drop' : ''}`} {...dragProps}>
      <td className="flows-order">
        <span
          className="flows-grip"
          draggable={!reordering}
          onDragStart={(event) => {
            event.dataTransfer.effectAllowed = 'move';
            event.dataTransfer.setData('text/plain', flow.id);
            actions.dragStart(flow);
          }}
          title="Drag to change the order"
          aria-hidden
        >
          <GripVertical size={16} />
        </span>
        <span className="flows-position">{position}</span>
        <button type="button" className="app-button app-button-ghost app-icon-button" aria-label={`Move ${flow.name} up`} disabled={isFirst || reordering} onClick={() => actions.move(flow, -1)}>
          <ArrowUp size={14} aria-hidden />
        </button>
        <button type="button" className="app-button app-button-ghost app-icon-button" aria-label={`Move ${flow.name} down`} disabled={isLast || reordering} onClick={() => actions.move(flow, 1)}>
          <ArrowDown size={14} aria-hidden />
        </button>
      </td>
      <td className="flows-name-cell">
        {editing ? (
          <form className="flows-rename" onSubmit={(event) => void saveName(event)}>
            <label htmlFor={ids.input} className="app-visually-hidden">
              New name for {flow.name}
            </label>
            <input
              id={ids.input}
              className="flows-input"
              value={name}
              onChange={(event) => setName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  setEditing(false);
                  setRenameError(null);
                }
              }}
              aria-invalid={renameError !== null}
              aria-describedby={renameError ? ids.error : undefined}
              autoFocus
            />
            <button type="submit" className="app-button app-icon-button" aria-label="Save name" disabled={busy}>
              <Check size={14} aria-hidden />
            </button>
            <button
              type="button"
              className="app-button app-icon-button"
              aria-label="Cancel rename"
              onClick={() => {
                setEditing(false);
                setRenameError(null);
              }}
            >
              <X size={14} aria-hidden />
            </button>
            {renameError && (
              <p id={ids.error} className="flows-field-error" role="alert">
                {renameError}
              </p>
            )}
          </form>
        ) : (
          <div className="flows-name">
            <Link to={`/flows/${encodeURIComponent(flow.id)}`} className="flows-name-link">
              {flow.name}
            </Link>
            <button
              type="button"
              className="app-button app-button-ghost app-icon-button"
              aria-label={`Rename ${flow.name}`}
              onClick={() => {
                setName(flow.name);
                setEditing(true);
              }}
            >
              <Pencil size={14} aria-hidden />
            </button>
          </div>
        )}
        {flow.description && <p className="flows-description">{flow.description}</p>}
      </td>
      <td>
        <StatusBadges flow={flow} />
      </td>
      <td className="flows-number">{flow.nodeCount}</td>
      <td className="flows-time">{formatTime(flow.updatedAt)}</td>
      <td>
        <div className="flows-actions">
          <button type="button" className="app-button" onClick={() => void run(() => actions.duplicate(flow))} disabled={busy}>
            <Copy size={14} aria-hidden /> Duplicate
          </button>
          <button type="button" className="app-button" onClick={() => void run(() => actions.exportJson(flow))} disabled={busy} aria-label={`Export ${flow.name} as JSON`}>
            <Download size={14} aria-hidden /> Export
          </button>
          {archived ? (
            <button type="button" className="app-button" onClick={() => void run(() => actions.setArchived(flow, false))} disabled={busy}>
              <ArchiveRestore size={14} aria-hidden /> {flow.publishedVersion === null ? 'Unarchive' : 'Enable (unarchive)'}
            </button>
          ) : (
            <button type="button" className="app-button app-button-danger" onClick={() => void run(() => actions.setArchived(flow, true))} disabled={busy}>
              <Archive size={14} aria-hidden /> {live ? 'Disable (archive)' : 'Archive'}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function renameMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'revision_conflict') return 'Someone changed this flow meanwhile. The list has been reloaded: check the name and rename again.';
    const field = error.details.find((detail) => detail.path?.[0] === 'name');
    if (field) return `Name: ${field.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { FieldGroup } from './FieldGroup';
import { moveItem, removeAt, replaceAt } from './form-data';

interface ListEditorProps {
  legend: string;
  path: readonly PropertyKey[];
  items: readonly unknown[];
  onChange: (items: unknown[]) => void;
  /** Names one item in button labels: "Remove keyword 2". */
  itemName: string;
  newItem: () => unknown;
  renderItem: (item: unknown, index: number, update: (item: unknown) => void) => ReactNode;
  hint?: ReactNode;
  emptyText?: string;
  /** Items laid out as cards (branches, messages) rather than compact rows. */
  cards?: boolean;
}

/** An ordered list edited with buttons, so adding, removing and reordering all work from the keyboard. */
export function ListEditor({ legend, path, items, onChange, itemName, newItem, renderItem, hint, emptyText, cards = false }: ListEditorProps) {
  return (
    <FieldGroup legend={legend} path={path} hint={hint}>
      {items.length === 0 ? (
        emptyText !== undefined && <p className="form-empty">{emptyText}</p>
      ) : (
        <ol className={cards ? 'form-list form-list-cards' : 'form-list'}>
          {items.map((item, index) => (
            // Items carry no stable key of their own; every control is controlled, so the index is enough.
            <li key={index} className="form-list-item">
              <div className="form-list-body">{renderItem(item, index, (next) => onChange(replaceAt(items, index, next)))}</div>
              <div className="form-list-actions">
                <button type="button" className="form-icon-button" aria-label={`Move ${itemName} ${index + 1} up`} disabled={index === 0} onClick={() => onChange(moveItem(items, index, index - 1))}>
                  <ArrowUp size={14} aria-hidden />
                </button>
                <button
                  type="button"
                  className="form-icon-button"
                  aria-label={`Move ${itemName} ${index + 1} down`}
                  disabled={index === items.length - 1}
                  onClick={() => onChange(moveItem(items, index, index + 1))}
                >
                  <ArrowDown size={14} aria-hidden />
                </button>
                <button type="button" className="form-icon-button form-danger" aria-label={`Remove ${itemName} ${index + 1}`} onClick={() => onChange(removeAt(items, index))}>
                  <Trash2 size={14} aria-hidden />
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="form-add-button" onClick={() => onChange([...items, newItem()])}>
        <Plus size={14} aria-hidden /> Add {itemName}
      </button>
    </FieldGroup>
  );
}

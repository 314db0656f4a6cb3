import { useMemo, type ReactNode } from 'react';
import type { NodeType } from '@parley/shared';
import { FormErrors } from './FormErrors';
import { nodeDataIssues } from './node-data-issues';
import './forms.css';

interface NodeFormProps {
  type: NodeType;
  data: unknown;
  readOnly: boolean;
  /** Flows a goto may name; given only by forms that name one. */
  knownFlowIds?: ReadonlySet<string>;
  children: ReactNode;
}

/** The frame of every inspector: checks the draft data on each change and disables everything when read-only. */
export function NodeForm({ type, data, readOnly, knownFlowIds, children }: NodeFormProps) {
  const issues = useMemo(() => nodeDataIssues(type, data, knownFlowIds), [type, data, knownFlowIds]);
  return (
    // A disabled fieldset disables every control inside it, buttons included.
    <fieldset className="form" disabled={readOnly}>
      <FormErrors issues={issues}>{children}</FormErrors>
    </fieldset>
  );
}

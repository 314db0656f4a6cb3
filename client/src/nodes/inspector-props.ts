// The contract between the builder (which owns the selected node and the undo history) and the
// per-type inspector forms: a form gets the node's draft data and reports every edit as whole new data.
import type { NodeType } from '@parley/shared';

export interface InspectorProps {
  nodeId: string;
  type: NodeType;
  /** The node's draft data as saved: possibly unfinished, so a form parses it and shows what is missing. */
  data: unknown;
  /** Called with the complete new data object on every edit (the builder records it for undo). */
  onChange: (data: Record<string, unknown>) => void;
  /** Versions are immutable: a read-only form shows the values with every control disabled. */
  readOnly: boolean;
  /** Flows a goto can target and a fallback can name. */
  flows: readonly { id: string; name: string }[];
}

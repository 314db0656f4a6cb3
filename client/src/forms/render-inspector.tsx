import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ComponentType } from 'react';
import type { NodeType } from '@parley/shared';
import type { InspectorProps } from '../nodes/inspector-props';

interface RenderInspectorOptions {
  type: NodeType;
  data: unknown;
  readOnly?: boolean;
  flows?: InspectorProps['flows'];
}

/**
 * Test helper: renders an inspector the way the builder does, feeding every onChange back in as the new
 * data, and records the changes so a test can check what the builder would have saved.
 */
export function renderInspector(Inspector: ComponentType<InspectorProps>, { type, data, readOnly = false, flows = [] }: RenderInspectorOptions) {
  const changes: Record<string, unknown>[] = [];
  function Host() {
    const [current, setCurrent] = useState<unknown>(data);
    return (
      <Inspector
        nodeId="node-1"
        type={type}
        data={current}
        readOnly={readOnly}
        flows={flows}
        onChange={(next) => {
          changes.push(next);
          setCurrent(next);
        }}
      />
    );
  }
  const user = userEvent.setup();
  const view = render(<Host />);
  return {
    ...view,
    user,
    changes,
    /** The data after the last edit (throws when nothing was edited, so a test cannot pass by accident). */
    latest: (): Record<string, unknown> => {
      const last = changes.at(-1);
      if (last === undefined) throw new Error('the inspector reported no change');
      return last;
    },
  };
}

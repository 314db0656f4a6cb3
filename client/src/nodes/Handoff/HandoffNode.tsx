import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeCard } from '../../builder/canvas/NodeCard';
import type { BuilderNode } from '../../builder/store/builder-state';

export const HandoffNode = memo(function HandoffNode({ id, data, selected }: NodeProps<BuilderNode>) {
  return <NodeCard nodeId={id} type="handoff" data={data} selected={selected} />;
});

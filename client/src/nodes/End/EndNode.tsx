import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeCard } from '../../builder/canvas/NodeCard';
import type { BuilderNode } from '../../builder/store/builder-state';

export const EndNode = memo(function EndNode({ id, data, selected }: NodeProps<BuilderNode>) {
  return <NodeCard nodeId={id} type="end" data={data} selected={selected} />;
});

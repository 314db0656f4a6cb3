import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeCard } from '../../builder/canvas/NodeCard';
import type { BuilderNode } from '../../builder/store/builder-state';

export const AskNode = memo(function AskNode({ id, data, selected }: NodeProps<BuilderNode>) {
  return <NodeCard nodeId={id} type="ask" data={data} selected={selected} />;
});

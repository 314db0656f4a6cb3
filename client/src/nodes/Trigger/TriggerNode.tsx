import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeCard } from '../../builder/canvas/NodeCard';
import type { BuilderNode } from '../../builder/store/builder-state';

export const TriggerNode = memo(function TriggerNode({ id, data, selected }: NodeProps<BuilderNode>) {
  return <NodeCard nodeId={id} type="trigger" data={data} selected={selected} />;
});

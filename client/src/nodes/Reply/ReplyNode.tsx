import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeCard } from '../../builder/canvas/NodeCard';
import type { BuilderNode } from '../../builder/store/builder-state';

export const ReplyNode = memo(function ReplyNode({ id, data, selected }: NodeProps<BuilderNode>) {
  return <NodeCard nodeId={id} type="reply" data={data} selected={selected} />;
});

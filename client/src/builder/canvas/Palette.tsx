// Every node type, to drag onto the canvas or to add with a click (or Enter) at the middle of the view.
import { NODE_TYPES, type NodeType } from '@parley/shared';
import { useReactFlow } from '@xyflow/react';
import { nodeRegistry } from '../../nodes/node-registry';
import type { BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { PALETTE_MIME } from './palette-drag';

const selectAddNode = (state: BuilderState) => state.addNode;
const selectReadOnly = (state: BuilderState) => state.viewing !== null;
const selectNodeCount = (state: BuilderState) => state.nodes.length;

export function Palette() {
  const addNode = useBuilderStore(selectAddNode);
  const readOnly = useBuilderStore(selectReadOnly);
  const nodeCount = useBuilderStore(selectNodeCount);
  const { screenToFlowPosition } = useReactFlow();

  const addAtCentre = (type: NodeType) => {
    const canvas = document.querySelector('.builder-canvas')?.getBoundingClientRect();
    const centre = screenToFlowPosition({ x: canvas ? canvas.left + canvas.width / 2 : 0, y: canvas ? canvas.top + canvas.height / 2 : 0 });
    // Nodes added one after another step down and right instead of piling up.
    const step = (nodeCount % 6) * 24;
    addNode(type, { x: centre.x - 120 + step, y: centre.y - 60 + step }, nodeRegistry[type].defaultData());
  };

  return (
    <nav className="palette" aria-label="Node palette">
      <h2 className="panel-title">Add a step</h2>
      <ul className="palette__list">
        {NODE_TYPES.map((type) => {
          const kind = nodeRegistry[type];
          const Icon = kind.icon;
          return (
            <li key={type}>
              <button
                type="button"
                className="palette__item"
                draggable={!readOnly}
                disabled={readOnly}
                aria-label={`Add ${kind.label}: ${kind.description}`}
                title={`${kind.description}. Drag onto the canvas, or click to add.`}
                onDragStart={(event) => {
                  event.dataTransfer.setData(PALETTE_MIME, type);
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => addAtCentre(type)}
              >
                <Icon size={16} color={kind.accent} aria-hidden />
                <span>{kind.label}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

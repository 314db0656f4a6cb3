// Finds nodes by the text on their card (type, summary, id) or in their data; Enter goes to the next match.
import { useState } from 'react';
import { nodeRegistry } from '../../nodes/node-registry';
import type { BuilderNode, BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';

const selectFocusNode = (state: BuilderState) => state.focusNode;

/** Nodes whose card or data mention the query, in canvas order. */
export function findNodes(nodes: readonly BuilderNode[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  return nodes
    .filter((node) => {
      const kind = nodeRegistry[node.type];
      const summary = kind.summary(node.data);
      const text = [kind.label, node.id, ...(summary?.lines ?? []), ...Object.values(summary?.outputLabels ?? {}), JSON.stringify(node.data)].join('\n');
      return text.toLowerCase().includes(needle);
    })
    .map((node) => node.id);
}

export function SearchBox() {
  const focusNode = useBuilderStore(selectFocusNode);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(-1);
  // Matched when the query changes, not on every drag frame: the store is read, not watched.
  const [matches, setMatches] = useState<string[]>([]);

  const goTo = (next: number) => {
    const id = matches[next];
    if (id === undefined) return;
    setIndex(next);
    focusNode(id);
  };

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        goTo(matches.length === 0 ? 0 : (index + 1) % matches.length);
      }}
    >
      <label className="app-visually-hidden" htmlFor="builder-search">
        Find a node
      </label>
      <input
        id="builder-search"
        type="search"
        placeholder="Find a node…"
        value={query}
        onChange={(event) => {
          const state = useBuilderStore.getState();
          setQuery(event.target.value);
          setMatches(findNodes(state.viewing?.nodes ?? state.nodes, event.target.value));
          // -1 so the first Enter goes to the first match.
          setIndex(-1);
        }}
      />
      <span className="search-box__count" aria-live="polite">
        {query.trim() === '' ? '' : matches.length === 0 ? 'No match' : `${Math.max(index, 0) + 1} of ${matches.length}`}
      </span>
    </form>
  );
}

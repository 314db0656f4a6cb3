// Chooses who gets a handed-off conversation: the agents of the team (every agent when no agent lists
// a team), by the handoff node's strategy. Broadcast assigns nobody, and so does a team with no agent,
// which the caller tells apart by `hasAgents` to send the flow down `no_agent`.
import type { HandoffStrategy } from '@parley/shared';
import type { Store } from '../store/store';

export interface AgentChoice {
  /** Whether the team has any agent at all. */
  hasAgents: boolean;
  /** The chosen agent's user id; null for broadcast (visible to the whole team) or when there is none. */
  assignee: string | null;
}

export async function pickAgent(
  store: Store,
  request: { team: string; strategy: HandoffStrategy; previousAssignee: string | null },
): Promise<AgentChoice> {
  const agents = (await store.listUsers()).filter((user) => user.role === 'agent');
  // Teams are opt-in: until some agent lists one, every agent covers every team.
  const routed = agents.some((agent) => agent.teams.length > 0);
  const team = routed ? agents.filter((agent) => agent.teams.includes(request.team)) : agents;
  const ids = team.map((agent) => agent.id).sort();
  if (ids.length === 0) return { hasAgents: false, assignee: null };

  switch (request.strategy) {
    case 'broadcast':
      return { hasAgents: true, assignee: null };
    case 'round_robin': {
      const turn = await store.nextCounter(`rr:${request.team}`);
      return { hasAgents: true, assignee: ids[(turn - 1) % ids.length] ?? null };
    }
    case 'sticky':
      // The customer's previous agent, as long as that person is still an agent (whatever their teams now).
      if (request.previousAssignee !== null && agents.some((agent) => agent.id === request.previousAssignee)) {
        return { hasAgents: true, assignee: request.previousAssignee };
      }
      return { hasAgents: true, assignee: await leastBusy(store, ids) };
    case 'least_busy':
      return { hasAgents: true, assignee: await leastBusy(store, ids) };
    default: {
      const never: never = request.strategy;
      throw new Error(`unknown handoff strategy ${String(never)}`);
    }
  }
}

/** Fewest open handed-off conversations; ties go to the smallest id, so the choice is reproducible. */
async function leastBusy(store: Store, ids: readonly string[]): Promise<string | null> {
  const open = await store.openAssignments();
  let best: string | null = null;
  let bestCount = Infinity;
  for (const id of ids) {
    const count = open[id] ?? 0;
    if (count < bestCount) {
      best = id;
      bestCount = count;
    }
  }
  return best;
}

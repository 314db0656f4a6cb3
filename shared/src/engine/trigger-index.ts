// The triggers of all live flows in firing order, indexed by what can set them off, so that matching a
// message costs O(text + hits) however many keyword rules there are. Internal to the engine: the public
// FlowSet stays a plain lookup, and `triggerIndexOf` attaches one index per flow set.
import { channelMatches, type Channel } from '../flow/message-schema';
import type { NodeOfType } from '../node-types/registry';
import { isValidRegex, KeywordMatcher } from '../text/keyword-matcher';
import type { EngineEvent } from './engine-types';
import type { CompiledFlow, FlowSet } from './flow-set';

const DAY_MS = 86_400_000;

export interface TriggerRef {
  /** Position in firing order: lower fires first. */
  ordinal: number;
  flow: CompiledFlow;
  node: NodeOfType<'trigger'>;
}

export interface TriggerQuery {
  event: EngineEvent;
  channel: Channel;
  now: number;
  /** The last inbound message before this event; null when the contact never wrote before. */
  previousInboundAt: number | null;
}

export class TriggerIndex {
  /** Every trigger of the live flows, by (priority, the flows list order, node order). */
  readonly triggers: readonly TriggerRef[];
  /** The flow run when an inbound message matches nothing (named by the first live flow that sets one). */
  readonly fallbackFlowId: string | null;
  private readonly keywords: KeywordMatcher<number>;
  private readonly byPayload = new Map<string, number[]>();
  private readonly byTag = new Map<string, number[]>();
  private readonly byApiFlow = new Map<string, number[]>();
  private readonly anyMessage: number[] = [];
  private readonly firstContact: number[] = [];
  private readonly returning: number[] = [];

  /** `live` is in the flows list order, which breaks ties between equal priorities. */
  constructor(live: readonly CompiledFlow[]) {
    const found: Omit<TriggerRef, 'ordinal'>[] = [];
    for (const flow of live) {
      for (const node of flow.nodes.values()) if (node.type === 'trigger') found.push({ flow, node });
    }
    // Flows come in list order and, within one, map iteration keeps node order: the sort is stable,
    // so sorting by priority alone leaves equal priorities in list order, then node order.
    found.sort((a, b) => a.node.data.priority - b.node.data.priority);
    this.triggers = found.map((t, ordinal) => ({ ...t, ordinal }));

    const keywordEntries: { text: string; match: 'exact' | 'contains' | 'regex'; value: number }[] = [];
    for (const { ordinal, node, flow } of this.triggers) {
      const data = node.data;
      switch (data.kind) {
        case 'keyword':
          for (const keyword of data.keywords) {
            // Publishing refuses bad patterns; one slipping through must not take every other flow down.
            if (keyword.match === 'regex' && !isValidRegex(keyword.text)) continue;
            keywordEntries.push({ text: keyword.text, match: keyword.match, value: ordinal });
          }
          break;
        case 'any_message':
          this.anyMessage.push(ordinal);
          break;
        case 'first_contact':
          this.firstContact.push(ordinal);
          break;
        case 'returning':
          this.returning.push(ordinal);
          break;
        case 'postback':
          for (const payload of new Set(data.payloads)) push(this.byPayload, payload, ordinal);
          break;
        case 'tag_added':
          push(this.byTag, data.tag, ordinal);
          break;
        case 'api':
          push(this.byApiFlow, flow.version.flowId, ordinal);
          break;
        default: {
          const never: never = data;
          throw new Error(`unknown trigger kind ${JSON.stringify(never)}`);
        }
      }
    }
    this.keywords = new KeywordMatcher(keywordEntries);
    this.fallbackFlowId = fallbackOf(live, this.triggers);
  }

  /**
   * Every listening trigger (channel, active window) the event sets off, in firing order. Re-entry is left
   * to the caller: a trigger of a flow the contact may not enter again still recognises the message.
   */
  matching(query: TriggerQuery): TriggerRef[] {
    const ordinals = new Set<number>();
    const add = (list: readonly number[] | undefined): void => list?.forEach((o) => ordinals.add(o));
    const { event } = query;
    switch (event.type) {
      case 'message': {
        // A quick reply's payload names the button pressed: when a postback trigger listens for it, the
        // message is that press, exactly as a postback, and keywords in the button's title do not compete.
        const pressed = event.payload === null ? undefined : this.byPayload.get(event.payload);
        if (pressed !== undefined && pressed.some((ordinal) => this.applies(this.triggerAt(ordinal), query))) {
          add(pressed);
        } else {
          add(this.keywords.match(event.text));
          add(this.anyMessage);
        }
        add(this.byPreviousInbound(query));
        break;
      }
      case 'postback':
        add(this.byPayload.get(event.payload));
        add(this.byPreviousInbound(query));
        break;
      case 'tag_changed':
        if (event.added) add(this.byTag.get(event.tag));
        break;
      case 'api_start':
        add(this.byApiFlow.get(event.flowId));
        break;
      case 'timer':
      case 'http_result':
      case 'handoff_resolved':
      case 'handoff_unassigned':
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
    return [...ordinals]
      .sort((a, b) => a - b)
      .map((ordinal) => this.triggerAt(ordinal))
      .filter((t) => this.applies(t, query));
  }

  /** first_contact and returning: decided by when the contact last wrote. */
  private byPreviousInbound(query: TriggerQuery): number[] {
    const { previousInboundAt, now } = query;
    if (previousInboundAt === null) return this.firstContact;
    return this.returning.filter((ordinal) => {
      const data = this.triggerAt(ordinal).node.data;
      return data.kind === 'returning' && now - previousInboundAt >= data.afterDays * DAY_MS;
    });
  }

  private applies({ node }: TriggerRef, query: TriggerQuery): boolean {
    const { channels, activeFrom, activeUntil } = node.data;
    if (channels.length > 0 && !channels.some((filter) => channelMatches(filter, query.channel))) return false;
    if (activeFrom !== null && query.now < activeFrom) return false;
    return activeUntil === null || query.now < activeUntil;
  }

  private triggerAt(ordinal: number): TriggerRef {
    const trigger = this.triggers[ordinal];
    if (trigger === undefined) throw new Error(`trigger ${ordinal} out of range`);
    return trigger;
  }
}

const indexes = new WeakMap<FlowSet, TriggerIndex>();

/** The trigger index of a flow set, built once per set (compileFlowSet builds it up front). */
export function triggerIndexOf(flows: FlowSet): TriggerIndex {
  let index = indexes.get(flows);
  if (index === undefined) {
    index = new TriggerIndex(flows.live);
    indexes.set(flows, index);
  }
  return index;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fallbackOf(live: readonly CompiledFlow[], triggers: readonly TriggerRef[]): string | null {
  // Flows in trigger order first, then flows without triggers in list order.
  const ordered = [...new Set(triggers.map((t) => t.flow))];
  const rest = live.filter((flow) => !ordered.includes(flow));
  const named = [...ordered, ...rest].find((flow) => flow.version.settings.fallbackFlowId !== null);
  return named?.version.settings.fallbackFlowId ?? null;
}

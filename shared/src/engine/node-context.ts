// What a node's `run` sees and returns. Nodes read the conversation and decide; they never perform I/O:
// everything the outside world should do goes out through `emit` as an Effect.
import type { FlowSettings } from '../flow/flow-schema';
import type { InboundMessageType } from '../flow/message-schema';
import type { ConversationState, Effect, EngineEvent, Session, WaitKind, Waiting } from './engine-types';

/** A session while the step runs it: what it waits for is only known when it parks. */
export type RunningSession = Omit<Session, 'waiting'>;

/** The step's event seen as something the contact said ('' / null for timers and other non-messages). */
export interface EventMessage {
  /** The message text, or a postback's button title. */
  text: string;
  payload: string | null;
  /** 'postback' for button presses; null when the event is not from the contact. */
  type: InboundMessageType | 'postback' | null;
}

export interface NodeContext {
  /** The working copy of the conversation; nodes may update the contact and `handedOff` on it. */
  readonly state: ConversationState;
  readonly session: RunningSession;
  readonly settings: FlowSettings;
  readonly message: EventMessage;
  /** Set when this run wakes the node from its wait: the waking event and the wait it was parked with. */
  readonly resumed: { event: EngineEvent; waiting: Waiting } | null;
  readonly now: number;
  readonly random: () => number;
  /** A send is fitted to what channels take (texts clipped, empty buttons dropped) or, with nothing sendable left, dropped. */
  emit(effect: Effect): void;
  /** Renders a template against the contact, the session's variables and the message; `escape` applies to each value. */
  render(template: string, escape?: (value: string) => string): string;
  /** A fresh token, unique within the conversation. */
  mintToken(): string;
  /** Mints a token, schedules a timer at `at` and returns the wait that belongs to it. */
  armTimer(kind: WaitKind, at: number): Waiting & { token: string; until: number };
}

/**
 * `handle`: leave by this output. `wait`: park here until an event wakes the node.
 * `end`: the session ends here (the end node). `goto`: continue in another flow's entry.
 */
export type NodeResult = { handle: string } | { wait: Waiting } | { end: true } | { goto: string };

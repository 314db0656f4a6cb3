// The runtime's user-facing refusals (an unknown conversation, resolving one that is not handed off, a
// flow the engine would not start), each with a stable code the API maps to a 4xx; anything else thrown
// by the runtime is a bug or an outage.

export const RUNTIME_ERROR_CODES = ['conversation_not_found', 'not_handed_off', 'flow_not_live', 'flow_not_started'] as const;
export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[number];

/** HTTP status the API answers for each code. */
export const RUNTIME_ERROR_STATUS = {
  conversation_not_found: 404,
  not_handed_off: 409,
  flow_not_live: 409,
  flow_not_started: 409,
} as const satisfies Record<RuntimeErrorCode, number>;

export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }

  get status(): number {
    return RUNTIME_ERROR_STATUS[this.code];
  }
}

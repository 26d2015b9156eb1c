/**
 * A condition that cannot be evaluated because a value has the wrong type. Carries n8n's message and
 * description so the node can report it unchanged.
 */
export class ConditionError extends Error {
  readonly description: string;

  constructor(message: string, description: string) {
    super(message);
    this.name = 'ConditionError';
    this.description = description;
  }
}

/** n8n's hint when strict type validation refused a value. */
export const LESS_STRICT_HINT = "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'.";

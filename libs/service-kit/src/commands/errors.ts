import { DomainRuleError } from '@yuqing/contracts';

/**
 * An Idempotency-Key sent again with another request (422). A subclass of DomainRuleError, so the rule travels
 * as every refusal's does; the rule is `<context>.idempotency-key-reused`, the ids clients already know.
 */
export class IdempotencyKeyReusedError extends DomainRuleError {
  constructor(context: string) {
    super(
      `${context}.idempotency-key-reused`,
      'this Idempotency-Key was used for another request; use a new key for a new request',
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The first request with this Idempotency-Key is still running (409, Retry-After: 1). */
export class IdempotencyInProgressError extends Error {
  readonly rule: string;

  constructor(context: string) {
    super('the first request with this Idempotency-Key is still running; retry in a moment');
    this.name = 'IdempotencyInProgressError';
    this.rule = `${context}.idempotency-in-progress`;
  }
}

/**
 * A command refused by a domain rule (HTTP 422): the rule's stable id (e.g. `ingestion.item-dismissed`) and a
 * sentence a user can act on. Thrown by pure deciders; the HTTP layer maps it, nothing is appended.
 */
export class DomainRuleError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRuleError';
  }
}

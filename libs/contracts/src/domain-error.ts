/**
 * A command refused by a domain rule (HTTP 422): the rule's stable id (e.g. `ingestion.item-dismissed`) and a
 * sentence a user can act on. Thrown by pure deciders; the HTTP layer maps it, nothing is appended.
 */
export class DomainRuleError extends Error {
  constructor(
    readonly rule: string,
    message: string,
    /** The field of the request at fault, when one is (e.g. `figures.0.value`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainRuleError';
  }
}

/**
 * The caller may act here in general but not on this one (HTTP 403), e.g. a release of a 一级 incident approved by
 * a department's spokesperson: who may decide depends on the record, so the domain says it after the guard.
 */
export class NotPermittedError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotPermittedError';
  }
}

/** What the command would create exists already (HTTP 409), e.g. a user name taken; with the rule's id. */
export class AlreadyExistsError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'AlreadyExistsError';
  }
}

/** What the command names does not exist, or is not visible to the caller (HTTP 404). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

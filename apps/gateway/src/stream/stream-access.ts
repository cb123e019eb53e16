import { isPermission, isVisible, scopeOf, type PermissionName, type Principal } from '@yuqing/auth';
import type { ContextName } from '@yuqing/contracts';

// Who may see an event on the live stream: whoever may read it through the API. `events.stream` only opens the
// stream; each event then needs the read permission of what it is about, in the event's unit (issue 19: identity's
// sign-ins, lockouts and grants went to every role). A context without an entry cannot compile; a type without an
// override takes its context's permission.

/** The permission that reads a context's events, unless its type is listed below. */
const CONTEXT_READ = {
  // Users, grants, sign-ins and machine clients: who reads the user list (identity.read-users).
  identity: 'identity.read-users',
  ingestion: 'ingestion.read-items',
  grading: 'grading.read-incidents',
  reporting: 'reporting.read-reports',
  guidance: 'guidance.read-releases',
  // Case files are confidential (第三十条): their entries and reads go to those who may read a case file.
  archive: 'archive.read-case-files',
  review: 'review.read-findings',
  // @yuqing/tools:service inserts above this line
} as const satisfies Record<ContextName, PermissionName>;

/** Types read by another permission than their context's. */
const TYPE_READ: Readonly<Record<string, PermissionName>> = {
  // The org tree is everyone's to see (identity.read-org-tree); its users and grants are not.
  'identity.OrgUnitCreated': 'identity.read-org-tree',
  // 督办台账 (第十七条): the supervision register has its own readers.
  'reporting.FollowUpTaskOpened': 'reporting.track-follow-ups',
  'reporting.FollowUpTaskCompleted': 'reporting.track-follow-ups',
  'reporting.FollowUpTaskOverdue': 'reporting.track-follow-ups',
  // A closed case joins the case library, which everyone in scope may search.
  'archive.CaseClosed': 'archive.read-cases',
};

/** The permission that reads an event of `type` (`<context>.<Name>`), or undefined: then nobody sees it. */
export function readPermissionOf(type: string): PermissionName | undefined {
  const own = TYPE_READ[type];
  if (own) return own;
  const context = type.slice(0, type.indexOf('.'));
  const permission = (CONTEXT_READ as Readonly<Record<string, string>>)[context];
  return isPermission(permission) ? permission : undefined;
}

/**
 * What one connection may see: `events.stream` and the event's read permission, both over the event's unit, with
 * the revoked grants left out. Scopes are worked out once per permission and again when revocations change.
 */
export class StreamAccess {
  private readonly scopes = new Map<PermissionName, readonly string[]>();

  constructor(
    private readonly principal: Principal,
    private readonly revoked: ReadonlySet<string> = new Set(),
  ) {}

  /** Where the stream itself is allowed; empty: the stream must end. */
  get streamScope(): readonly string[] {
    return this.scopeOf('events.stream');
  }

  mayRead(type: string, orgUnit: string): boolean {
    const permission = readPermissionOf(type);
    if (!permission) return false;
    return isVisible(this.streamScope, orgUnit) && isVisible(this.scopeOf(permission), orgUnit);
  }

  private scopeOf(permission: PermissionName): readonly string[] {
    let scope = this.scopes.get(permission);
    if (!scope) {
      scope = scopeOf(this.principal, permission, this.revoked);
      this.scopes.set(permission, scope);
    }
    return scope;
  }
}

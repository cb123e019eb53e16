import type { CommandContext } from '@yuqing/service-kit';
import type { AccountAuthority } from './account.decider';

/**
 * The authority a request carries over accounts: the caller and the scope the guard computed for the endpoint's
 * permission. None for the service's own commands (the demo loader), which no guard checked and no person asked.
 */
export function authorityOf(context: CommandContext): AccountAuthority | undefined {
  if (context.caller.kind === 'service') return undefined;
  return { subject: context.caller.id, scope: context.scope };
}

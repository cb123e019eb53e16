import { RevokeGrant } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export class RevokeGrantCommand extends DomainCommand<typeof RevokeGrant, void>(RevokeGrant) {}

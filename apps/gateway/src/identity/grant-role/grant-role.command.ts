import { GrantRole } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface GrantedRole {
  readonly grantId: string;
}

export class GrantRoleCommand extends DomainCommand<typeof GrantRole, GrantedRole>(GrantRole) {}

import { ChangePassword } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export class ChangePasswordCommand extends DomainCommand<typeof ChangePassword, void>(ChangePassword) {}

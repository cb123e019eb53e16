import { RegisterUser } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface RegisteredUser {
  readonly userId: string;
}

export class RegisterUserCommand extends DomainCommand<typeof RegisterUser, RegisteredUser>(RegisterUser) {}

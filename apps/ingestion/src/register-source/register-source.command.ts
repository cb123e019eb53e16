import { RegisterSource } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export class RegisterSourceCommand extends DomainCommand<typeof RegisterSource, { sourceId: string }>(
  RegisterSource,
) {}

import { ChangeUserProfile } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export class ChangeUserProfileCommand extends DomainCommand<typeof ChangeUserProfile, void>(
  ChangeUserProfile,
) {}

import { SignOffBulletin } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a sign-off answers: the follow-up tasks (跟踪督办) its instructions opened, and the version signed. */
export interface SignedOff {
  readonly bulletinId: string;
  readonly taskIds: string[];
  readonly documentVersionId: string;
}

export class SignOffBulletinCommand extends DomainCommand<typeof SignOffBulletin, SignedOff>(
  SignOffBulletin,
) {}

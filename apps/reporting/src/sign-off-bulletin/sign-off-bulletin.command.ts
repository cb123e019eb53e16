import { SignOffBulletin } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a sign-off answers: the follow-up tasks (跟踪督办) its instructions opened. */
export interface SignedOff {
  readonly bulletinId: string;
  readonly taskIds: string[];
}

export class SignOffBulletinCommand extends DomainCommand<typeof SignOffBulletin, SignedOff>(
  SignOffBulletin,
) {}

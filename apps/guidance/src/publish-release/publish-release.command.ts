import { PublishRelease } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { ReleaseAnswer } from '../prepare-release/prepare-release.command';

/** Published, or refused with the refusal recorded (第二十八条): the controller answers that one with a 422. */
export type PublishAnswer =
  | ReleaseAnswer
  | (ReleaseAnswer & {
      readonly refused: { readonly rule: string; readonly reason: string; readonly field?: string };
    });

export class PublishReleaseCommand extends DomainCommand<typeof PublishRelease, PublishAnswer>(
  PublishRelease,
) {}

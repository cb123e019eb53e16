import { PrepareRelease } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** The release prepared; `version` is the If-Match of the incident's next command. */
export interface ReleaseAnswer {
  readonly incidentId: string;
  readonly releaseId: string;
  readonly version: number;
}

export class PrepareReleaseCommand extends DomainCommand<typeof PrepareRelease, ReleaseAnswer>(
  PrepareRelease,
) {}

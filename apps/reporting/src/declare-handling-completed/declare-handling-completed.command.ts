import { DeclareHandlingCompleted } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a declaration answers: the summary obligation it opened and its deadline. */
export interface HandlingDeclaredComplete {
  readonly incidentId: string;
  readonly obligationId: string;
  readonly dueAt: string;
}

export class DeclareHandlingCompletedCommand extends DomainCommand<
  typeof DeclareHandlingCompleted,
  HandlingDeclaredComplete
>(DeclareHandlingCompleted) {}

import { assessmentDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ConcludeAssessmentCommand } from './conclude-assessment.command';

@HandlesCommand(ConcludeAssessmentCommand)
export class ConcludeAssessmentHandler {
  handle({ payload }: ConcludeAssessmentCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...rest } = payload;
    return decideOnIncident(tx, incidentId, assessmentDecider, { kind: 'conclude', ...rest });
  }
}

import { assessmentDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ConveneAssessmentCommand } from './convene-assessment.command';

@HandlesCommand(ConveneAssessmentCommand)
export class ConveneAssessmentHandler {
  handle({ payload }: ConveneAssessmentCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, format, ...rest } = payload;
    // The service assigns the assessment's id: a retry with the same key repeats the same request.
    const assessmentId = tx.newId();
    const command = { kind: 'convene' as const, assessmentId, ...rest, ...(format ? { format } : {}) };
    return decideOnIncident(tx, incidentId, assessmentDecider, command, { assessmentId });
  }
}

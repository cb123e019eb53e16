import { Inject } from '@nestjs/common';
import { incidentGradeDecider, type GradingRuleSet } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { RULE_SET } from '../grading.tokens';
import {
  decideOnIncident,
  GRADING_SERVICE,
  incidentOf,
  proposeGrade,
  type DecisionResult,
} from '../incidents/grading-incidents';
import { CategoriseIncidentCommand } from './categorise-incident.command';

@HandlesCommand(CategoriseIncidentCommand)
export class CategoriseIncidentHandler {
  constructor(@Inject(RULE_SET) private readonly ruleSet: GradingRuleSet) {}

  async handle({ payload }: CategoriseIncidentCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...decision } = payload;
    const result = await decideOnIncident(tx, incidentId, incidentGradeDecider, {
      kind: 'categorise',
      ...decision,
    });
    // Categories feed the rules (重大民生诉求): the system looks again at once, in the same transaction.
    if (result.events.length > 0) {
      const incident = await incidentOf(tx, incidentId);
      await proposeGrade(tx, incidentId, this.ruleSet, { ...incident, actor: GRADING_SERVICE });
    }
    return result;
  }
}

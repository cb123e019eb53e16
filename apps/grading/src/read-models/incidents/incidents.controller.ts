import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { gradeLevel } from '@yuqing/contracts';
import { page } from '@yuqing/service-kit';
import { GradingIncidentsReadModel } from './incidents.read-model';

const filters = page.extend({
  level: gradeLevel.optional(),
  /** Only incidents with a proposal awaiting the grading authority. */
  awaiting: z.enum(['confirmation']).optional(),
});

/** What everyone handling an incident reads: its grade in force, the proposal awaiting confirmation, evidence, history. */
@Controller('api/grading')
export class GradingIncidentsController {
  constructor(@Inject(GradingIncidentsReadModel) private readonly incidents: GradingIncidentsReadModel) {}

  @Get('incidents')
  @Permission('grading.read-incidents', { orgUnitFrom: 'none' })
  list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<{ incidents: unknown[]; next?: string }> {
    const { limit, after, level, awaiting } = filters.parse(query);
    return this.incidents.list(auth.scope, {
      limit,
      ...(after !== undefined ? { after } : {}),
      ...(level !== undefined ? { level } : {}),
      awaitingConfirmation: awaiting === 'confirmation',
    });
  }

  @Get('incidents/:incidentId')
  @Permission('grading.read-incidents', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async incident(@Param('incidentId') incidentId: string): Promise<unknown> {
    const incident = await this.incidents.incident(incidentId);
    if (!incident) throw new NotFoundException(`incident ${incidentId} not found`);
    return incident;
  }
}

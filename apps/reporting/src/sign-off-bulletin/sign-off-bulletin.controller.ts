import { Body, Controller, Headers, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { actorOf, Auth, Permission, type AuthContext } from '@yuqing/auth';
import { SignOffBulletin } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { PG_POOL } from '@yuqing/service-kit';
import { idempotent } from '../shared/idempotency';
import { IncidentReporting } from '../shared/incident-reporting';

const signOffBody = SignOffBulletin.schema.omit({ bulletinId: true }).strict();

/**
 * POST /api/reporting/bulletins/{bulletinId}/sign-offs: a principal leader signs a 《网上舆情》 bulletin off (签批)
 * with instructions (批示); each instruction becomes a follow-up task the incident's unit supervises (督办).
 */
@Controller('api/reporting/bulletins/:bulletinId/sign-offs')
export class SignOffBulletinController {
  constructor(
    @Inject(IncidentReporting) private readonly reporting: IncidentReporting,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('reporting.sign-off-bulletin', {
    orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' },
  })
  async signOff(
    @Param('bulletinId') bulletinId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Auth() auth: AuthContext,
  ): Promise<{ bulletinId: string; taskIds: string[] }> {
    const request = signOffBody.parse(body);
    return idempotent(this.pool, this.store.schema, `sign-off:${bulletinId}`, key, request, async () => {
      const { rows } = await this.pool.query<{ incident_id: string; org_unit: string }>(
        `select incident_id, org_unit from ${this.store.schema}.bulletins where bulletin_id = $1`,
        [bulletinId],
      );
      const found = rows[0];
      if (!found) throw new NotFoundException(`bulletin ${bulletinId} not found`);
      const { events } = await this.reporting.execute(
        found.incident_id,
        {
          kind: 'sign-off',
          bulletinId,
          instructions: request.instructions,
          signedOffAt: request.signedOffAt,
          ...(request.tasks ? { tasks: request.tasks } : {}),
        },
        { orgUnit: found.org_unit, actor: actorOf(auth), correlationId: found.incident_id },
      );
      const taskIds = events
        .filter((e) => e.type === 'reporting.FollowUpTaskOpened')
        .map((e) => (e.data as { taskId: string }).taskId);
      return { bulletinId, taskIds };
    });
  }
}

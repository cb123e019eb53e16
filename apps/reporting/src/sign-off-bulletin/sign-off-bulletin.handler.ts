import { Inject } from '@nestjs/common';
import { NotFoundError, optional } from '@yuqing/contracts';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { IncidentReporting } from '../incidents/incident-reporting';
import { SignOffBulletinCommand, type SignedOff } from './sign-off-bulletin.command';

@HandlesCommand(SignOffBulletinCommand)
export class SignOffBulletinHandler {
  constructor(@Inject(IncidentReporting) private readonly reporting: IncidentReporting) {}

  async handle({ payload, context }: SignOffBulletinCommand, tx: CommandTransaction): Promise<SignedOff> {
    const { bulletinId } = payload;
    const { rows } = await tx.client.query<{ incident_id: string; org_unit: string }>(
      `select incident_id, org_unit from ${this.reporting.schema}.bulletins where bulletin_id = $1`,
      [bulletinId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundError(`bulletin ${bulletinId} not found`);
    const { events } = await this.reporting.executeIn(
      tx,
      found.incident_id,
      {
        kind: 'sign-off',
        bulletinId,
        // The receiving level signs (第十七条): the domain checks the caller's grants reach the bulletin's recipient.
        signerOrgUnits: context.scope,
        instructions: payload.instructions,
        signedOffAt: payload.signedOffAt,
        ...optional('tasks', payload.tasks),
      },
      tx.metadata({ orgUnit: found.org_unit, correlationId: found.incident_id }),
    );
    const taskIds = events
      .filter((e) => e.type === 'reporting.FollowUpTaskOpened')
      .map((e) => (e.data as { taskId: string }).taskId);
    return { bulletinId, taskIds };
  }
}

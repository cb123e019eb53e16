import { ConflictException, Inject } from '@nestjs/common';
import { NotFoundError, optional } from '@yuqing/contracts';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { IncidentReporting } from '../incidents/incident-reporting';
import { DocumentIssuer } from '../render-documents/document-issuer';
import { SignOffBulletinCommand, type SignedOff } from './sign-off-bulletin.command';

@HandlesCommand(SignOffBulletinCommand)
export class SignOffBulletinHandler {
  constructor(
    @Inject(IncidentReporting) private readonly reporting: IncidentReporting,
    @Inject(DocumentIssuer) private readonly documents: DocumentIssuer,
  ) {}

  async handle({ payload, context }: SignOffBulletinCommand, tx: CommandTransaction): Promise<SignedOff> {
    const { bulletinId } = payload;
    const { rows } = await tx.client.query<{ incident_id: string; org_unit: string }>(
      `select incident_id, org_unit from ${this.reporting.schema}.bulletins where bulletin_id = $1`,
      [bulletinId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundError(`bulletin ${bulletinId} not found`);
    // The signature binds the bytes: the version as it stands before the sign-off (what the leader read), kept as
    // PDF and DOCX in this transaction.
    const { version, renditions } = await this.documents.bulletin(bulletinId, ['pdf', 'docx'], tx.client);
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
        document: {
          versionId: version.versionId,
          renditions: renditions.map(({ rendition, sha256 }) => ({ rendition, sha256 })),
        },
        ...optional('tasks', payload.tasks),
      },
      tx.metadata({ orgUnit: found.org_unit, correlationId: found.incident_id }),
    );
    // Checked after the domain's rules, so a bulletin signed already or a leader who may not sign is told that; a
    // stale version rolls the sign-off back.
    if (payload.documentVersionId !== undefined && payload.documentVersionId !== version.versionId) {
      throw new ConflictException({
        rule: 'reporting.document-changed',
        message: `the bulletin has changed since version ${payload.documentVersionId} was read: read version ${version.versionId} and sign that`,
        currentVersion: version.versionId,
      });
    }
    const taskIds = events
      .filter((e) => e.type === 'reporting.FollowUpTaskOpened')
      .map((e) => (e.data as { taskId: string }).taskId);
    return { bulletinId, taskIds, documentVersionId: version.versionId };
  }
}

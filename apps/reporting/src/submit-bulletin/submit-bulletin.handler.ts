import { Inject } from '@nestjs/common';
import { formatIssueNumber } from '@yuqing/reporting-documents';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { reportOnObligation, type ReportOutcome } from '../incidents/report-on-incident';
import { beijingYear } from '../shared/beijing-time';
import { IncidentReporting } from '../incidents/incident-reporting';
import { SubmitBulletinCommand } from './submit-bulletin.command';

@HandlesCommand(SubmitBulletinCommand)
export class SubmitBulletinHandler {
  constructor(@Inject(IncidentReporting) private readonly reporting: IncidentReporting) {}

  async handle({ payload }: SubmitBulletinCommand, tx: CommandTransaction): Promise<ReportOutcome> {
    const bulletinId = tx.newId();
    const {
      obligationId,
      issueNumber,
      title,
      body,
      recipientOrgUnitId,
      submittedAt,
      figures,
      statedGrade,
      ...sections
    } = payload;
    return reportOnObligation(this.reporting, tx, obligationId, bulletinId, {
      kind: 'submit-bulletin',
      bulletinId,
      obligationId,
      issueNumber: issueNumber ?? (await this.nextIssueNumber(tx, obligationId, submittedAt)),
      title,
      body,
      sections,
      recipientOrgUnitId,
      submittedAt,
      figures,
      statedGrade,
    });
  }

  /**
   * The next 期号 of the unit's (Beijing) year, 〔2026〕第n期, for a bulletin submitted without one. Counted per org
   * unit of the incident (the office that issues the bulletin) in bulletin_issues; the number travels in the
   * event. Taken in the command's transaction: a refused submission gives its number back. Only bulletin
   * obligations take one; an unknown obligation is the 404 of reportOnObligation.
   */
  private async nextIssueNumber(
    tx: CommandTransaction,
    obligationId: string,
    submittedAt: string,
  ): Promise<string | undefined> {
    const s = this.reporting.schema;
    const year = beijingYear(new Date(submittedAt));
    const { rows } = await tx.client.query<{ last: number }>(
      `insert into ${s}.bulletin_issues (org_unit, year, last)
         select org_unit, $2, 1 from ${s}.obligations where obligation_id = $1 and kind = 'bulletin'
       on conflict (org_unit, year) do update set last = ${s}.bulletin_issues.last + 1
       returning last`,
      [obligationId, year],
    );
    const last = rows[0]?.last;
    return last === undefined ? undefined : formatIssueNumber(year, last);
  }
}

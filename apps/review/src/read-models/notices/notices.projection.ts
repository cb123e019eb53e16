import { NoticeIssued, type EventData } from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';

/** The 通报 issued, by unit and period. */
export const noticesProjection = defineProjection({
  name: 'review.notices',
  handles: [NoticeIssued.type],
  tables: [{ name: 'notices', key: ['notice_id'] }],
  async evolve(events, db, scope) {
    for (const event of events) {
      const d = event.data as EventData<typeof NoticeIssued>;
      await db.query(
        `insert into ${scope.table('notices')} (notice_id, org_unit, period, document_number, title, finding_ids, issued_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (notice_id) do nothing`,
        [
          d.noticeId,
          event.metadata.orgUnit,
          d.period,
          d.documentNumber,
          d.title,
          JSON.stringify(d.findingIds),
          event.recordedAt,
        ],
      );
    }
  },
});

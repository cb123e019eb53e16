import type { PoolClient } from 'pg';
import {
  BulletinSubmitted,
  DirectHandlingAssigned,
  DutyAlertEscalated,
  DutyAlertRaised,
  FollowUpTaskOpened,
  REPORT_KINDS,
  ReportOverdue,
  ReportReminderDue,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, uuidv7, type ProjectionDefinition } from '@yuqing/event-store';
import {
  pendingNotification,
  type Notification,
  type NotificationAddress,
  type NotificationPurpose,
  type NotificationRecipient,
} from '@yuqing/reporting-notifications';
import { DUTY_ALERT_SOURCE_TYPES, enqueueDutyAlertSource } from '../read-models/duty/duty.projection';
import type { ReportingConfig } from '../reporting.config';

// Who must hear of what (通知): a reminder before a deadline and an alert when it passes go to the duty desk (值班)
// of the unit that owes the report; a bulletin to its recipient for sign-off (签批提请); an assignment (直办, 督办)
// to the unit that must act; a duty alert (值班告警) to the monitor(s) on duty by name, and, escalated or raised outside
// any shift, to the unit's head (docs/reporting-notifications.md, 24-hour duty). Enqueued in the transaction of the event that calls for it, so none is lost; sent
// by the NotificationRelay. A work queue, not a read model: a rebuild never replays it (nothing is sent twice).

export type Channel = ReportingConfig['NOTIFY_CHANNELS'][number];

interface Draft {
  readonly purpose: NotificationPurpose;
  readonly recipient: NotificationRecipient;
  readonly subject: string;
  readonly text: string;
  readonly incidentId: string;
  readonly obligationId?: string;
  readonly templateVars: Record<string, string>;
}

const TYPES: readonly string[] = [
  ReportReminderDue.type,
  ReportOverdue.type,
  BulletinSubmitted.type,
  DirectHandlingAssigned.type,
  FollowUpTaskOpened.type,
  DutyAlertRaised.type,
  DutyAlertEscalated.type,
];

const beijing = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** One line, as short as SMS templates and subjects need. */
const short = (text: string, max = 60) => {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function notificationOutbox(
  schema: string,
  channels: readonly Channel[],
  addresses: { readonly email: readonly string[]; readonly sms: readonly string[] },
  /** The clock the notifications are first due by. */
  now: () => Date,
): ProjectionDefinition {
  const addressFor = (channel: Channel): NotificationAddress => {
    switch (channel) {
      case 'email':
        return { channel, to: [...addresses.email] };
      case 'sms':
        return { channel, phones: [...addresses.sms] };
      default:
        return { channel };
    }
  };
  return defineProjection({
    name: 'reporting.notification-outbox',
    handles: [...new Set([...TYPES, ...DUTY_ALERT_SOURCE_TYPES])],
    tables: [
      { name: 'notifications', key: ['notification_id'] },
      { name: 'duty_alert_sources', key: ['source_event_id'] },
    ],
    queue: { reason: 'work in flight; a rebuild would send twice' },
    async evolve(events, client) {
      // 值班: the events that call for a duty alert queue it for the duty watcher, whatever the channels.
      for (const event of events) await enqueueDutyAlertSource(schema, client, event);
      if (channels.length === 0) return;
      for (const event of events) {
        if (!TYPES.includes(event.type)) continue;
        const title = await incidentTitle(client, schema, event);
        for (const draft of draftsFor(event, title))
          for (const channel of channels) {
            const notification: Notification = {
              id: uuidv7(),
              purpose: draft.purpose,
              recipient: draft.recipient,
              channel,
              subject: draft.subject,
              text: draft.text,
              incidentId: draft.incidentId,
              ...(draft.obligationId ? { obligationId: draft.obligationId } : {}),
              templateVars: draft.templateVars,
            };
            const pending = pendingNotification(notification, addressFor(channel), now());
            await client.query(
              `insert into ${schema}.notifications (notification_id, org_unit, purpose, channel, incident_id, obligation_id,
               pending, attempt, next_attempt_at, created_at)
             values ($1,$2,$3,$4,$5,$6,$7,1,$8,$8)`,
              [
                notification.id,
                event.metadata.orgUnit,
                draft.purpose,
                channel,
                draft.incidentId,
                draft.obligationId ?? null,
                JSON.stringify(pending),
                event.recordedAt,
              ],
            );
          }
      }
    },
  });
}

async function incidentTitle(client: PoolClient, schema: string, event: RecordedEvent): Promise<string> {
  const incidentId = (event.data as { incidentId?: string }).incidentId;
  const { rows } = await client.query<{ title: string | null }>(
    `select title from ${schema}.incident_facts where incident_id = $1`,
    [incidentId],
  );
  return rows[0]?.title ?? `舆情事件 ${incidentId ?? ''}`;
}

/** What an event calls for: one draft per recipient (a duty alert may name several monitors on duty). */
function draftsFor(event: RecordedEvent, title: string): Draft[] {
  if (event.type === DutyAlertRaised.type || event.type === DutyAlertEscalated.type)
    return dutyAlertDrafts(event, title);
  const draft = draftFor(event, title);
  return draft ? [draft] : [];
}

const CAUSE_ZH = {
  'obligation-opened': '新报送任务',
  'deadline-reminder': '报送提醒',
  overdue: '超时告警',
} as const;

function dutyAlertDrafts(event: RecordedEvent, title: string): Draft[] {
  const t = short(title);
  if (event.type === DutyAlertRaised.type) {
    const e = event.data as EventData<typeof DutyAlertRaised>;
    const kind = e.kind ? REPORT_KINDS[e.kind].zh : '报送';
    const due = e.dueAt ? beijing(e.dueAt) : '';
    const cause = CAUSE_ZH[e.cause];
    const recipients = e.directToHead ? [e.headUserId] : e.monitorUserIds;
    const ask = e.directToHead
      ? '当前无人值班，直接报送单位负责人，请立即处理。'
      : `请值班人员签收（告警编号 ${e.alertId}），${beijing(e.escalateAt ?? e.raisedAt)} 前未签收将上报单位负责人。`;
    return recipients.map((userId) => ({
      purpose: e.cause === 'deadline-reminder' ? 'deadline-reminder' : 'overdue-alert',
      recipient: { kind: 'user', id: userId },
      subject: short(`【值班告警】${t}：${kind}（${cause}）`, 200),
      text: `舆情事件“${title}”的${kind}${due ? `时限 ${due}` : ''}（${cause}）。${ask}`,
      incidentId: e.incidentId,
      ...(e.obligationId ? { obligationId: e.obligationId } : {}),
      templateVars: { title: t, kind: short(kind, 30), dueAt: due, minutes: '', alertId: e.alertId },
    }));
  }
  const e = event.data as EventData<typeof DutyAlertEscalated>;
  return [
    {
      purpose: 'overdue-alert',
      recipient: { kind: 'user', id: e.headUserId },
      subject: short(`【值班告警升级】${t}：值班人员 ${e.unacknowledgedFor} 内未签收`, 200),
      text: `舆情事件“${title}”的值班告警（${e.alertId}）在规定时间（${e.unacknowledgedFor}）内无人签收，已上报单位负责人，请督促处置。`,
      incidentId: e.incidentId,
      ...(e.obligationId ? { obligationId: e.obligationId } : {}),
      templateVars: { title: t, kind: '值班告警', dueAt: '', minutes: '', alertId: e.alertId },
    },
  ];
}

function draftFor(event: RecordedEvent, title: string): Draft | undefined {
  const orgUnit = event.metadata.orgUnit;
  const desk: NotificationRecipient = { kind: 'duty-desk', id: orgUnit };
  const t = short(title);
  switch (event.type) {
    case ReportReminderDue.type: {
      const e = event.data as EventData<typeof ReportReminderDue>;
      const kind = REPORT_KINDS[e.kind].zh;
      return {
        purpose: 'deadline-reminder',
        recipient: desk,
        subject: short(`【报送提醒】${t}：${kind}还剩 ${e.minutesRemaining} 分钟`, 200),
        text: `舆情事件“${title}”的${kind}将于 ${beijing(e.dueAt)} 到期，还剩 ${e.minutesRemaining} 分钟，请及时报送。`,
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        templateVars: {
          title: t,
          kind: short(kind, 30),
          minutes: String(e.minutesRemaining),
          dueAt: beijing(e.dueAt),
        },
      };
    }
    case ReportOverdue.type: {
      const e = event.data as EventData<typeof ReportOverdue>;
      const kind = REPORT_KINDS[e.kind].zh;
      return {
        purpose: 'overdue-alert',
        recipient: desk,
        subject: short(`【超时告警】${t}：${kind}已超时`, 200),
        text: `舆情事件“${title}”的${kind}时限 ${beijing(e.dueAt)} 已过，尚未报送 (迟报/漏报，第二十八条)。请立即报送。`,
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        templateVars: { title: t, kind: short(kind, 30), dueAt: beijing(e.dueAt) },
      };
    }
    case BulletinSubmitted.type: {
      const e = event.data as EventData<typeof BulletinSubmitted>;
      return {
        purpose: 'sign-off-request',
        recipient: { kind: 'org-unit', id: e.recipientOrgUnitId },
        subject: short(`【签批提请】《网上舆情》${e.issueNumber ?? ''}：${short(e.title)}`, 200),
        text: `《网上舆情》“${e.title}”已报送，请领导于 ${beijing(e.signOffWaitUntil)} 前签批。`,
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        templateVars: { title: short(e.title), dueAt: beijing(e.signOffWaitUntil) },
      };
    }
    case DirectHandlingAssigned.type: {
      const e = event.data as EventData<typeof DirectHandlingAssigned>;
      return {
        purpose: 'assignment',
        recipient: { kind: 'org-unit', id: e.departmentId },
        subject: short(`【任务交办】${t}：直办，${beijing(e.dueAt)} 前回告`, 200),
        text: `舆情事件“${title}”按直办制交由贵单位办理，请于 ${beijing(e.dueAt)} 前向市局回告办理结果，并在网上反馈。`,
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        templateVars: { title: t, dueAt: beijing(e.dueAt) },
      };
    }
    case FollowUpTaskOpened.type: {
      const e = event.data as EventData<typeof FollowUpTaskOpened>;
      return {
        purpose: 'assignment',
        recipient: { kind: 'org-unit', id: e.assigneeOrgUnitId },
        subject: short(`【任务交办】${t}：落实领导批示`, 200),
        text: `舆情事件“${title}”领导批示落实任务：${e.description}${e.dueAt ? `（${beijing(e.dueAt)} 前完成）` : ''}`,
        incidentId: e.incidentId,
        templateVars: { title: t, dueAt: e.dueAt ? beijing(e.dueAt) : '' },
      };
    }
    default:
      return undefined;
  }
}

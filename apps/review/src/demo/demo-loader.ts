import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { reviewStreams, type Actor } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import {
  ConsumerHost,
  LOGGER,
  receivedEvent,
  type CommandContext,
  type InboxEvent,
} from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { ComputeRatingsCommand } from '../compute-ratings/compute-ratings.command';
import { ConfirmFindingCommand } from '../confirm-finding/confirm-finding.command';
import { findingIdOf } from '../record-facts/fact-recorder';
import { ReportingFactsHandler, GradingFactsHandler } from '../record-facts/record-facts.handler';

// `npm start` (YUQING_DEMO=1): one ruled finding and a quarter's ratings, so the review is not empty — 宜良县's
// 一级 incident of 30 September (a bridge closure) whose paper flash report (书面快报, one hour) reached the city 12
// minutes late. The other services' histories do not hold it, so its events are delivered to the review's
// consumers as those services would publish them; the detector records the 迟报, the city's network office
// (昆明市委网信办) confirms it, and the third quarter is rated. Loaded once: a restart finds the finding confirmed.

const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const INCIDENT_ID = 'demo-yl-bridge-2026-09';
const OBLIGATION_ID = 'demo-yl-bridge-paper-flash';
const START = Date.parse('2026-09-30T02:30:00Z'); // 10:30 China Standard Time
const MINUTE = 60_000;
const at = (minutes: number) => new Date(START + minutes * MINUTE);
const iso = (minutes: number) => at(minutes).toISOString();
const stream = { streamId: `reporting-incident-${INCIDENT_ID}` };

function events(): {
  handler: typeof ReportingFactsHandler | typeof GradingFactsHandler;
  event: InboxEvent;
}[] {
  const level1 = { level: 'level-1', exceptional: false };
  const officer: Actor = { kind: 'user', id: 'yl.wxb' };
  return [
    {
      handler: GradingFactsHandler,
      event: receivedEvent(
        'grading.GradeConfirmed',
        { incidentId: INCIDENT_ID, proposalId: 'demo-yl-bridge-proposal', grade: level1 },
        COUNTY,
        { time: at(0), actor: { kind: 'user', id: 'km.grading' } },
      ),
    },
    {
      handler: ReportingFactsHandler,
      event: receivedEvent(
        'reporting.ReportingObligationOpened',
        {
          obligationId: OBLIGATION_ID,
          incidentId: INCIDENT_ID,
          kind: 'paper-flash',
          grade: level1,
          reason: 'grade-in-force',
          recipientOrgUnitId: CITY,
          clockBasis: 'first-capture',
          clockStartedAt: iso(0),
          dueAt: iso(60),
          reminderLeadMinutes: [15],
          ruleSetVersion: 'reporting-rules@1',
        },
        COUNTY,
        { ...stream, time: at(1) },
      ),
    },
    {
      handler: ReportingFactsHandler,
      event: receivedEvent(
        'reporting.FlashReportSent',
        {
          reportId: 'demo-yl-bridge-paper-report',
          obligationId: OBLIGATION_ID,
          incidentId: INCIDENT_ID,
          method: 'paper',
          recipientOrgUnitId: CITY,
          sentAt: iso(72),
          summary: '宜良县某大桥因桥墩受损临时封闭，网民质疑通报不及时。县交通运输局已设置绕行线路。',
        },
        COUNTY,
        { ...stream, time: at(72), actor: officer },
      ),
    },
    {
      handler: ReportingFactsHandler,
      event: receivedEvent(
        'reporting.ReportingObligationFulfilled',
        {
          obligationId: OBLIGATION_ID,
          incidentId: INCIDENT_ID,
          kind: 'paper-flash',
          reportId: 'demo-yl-bridge-paper-report',
          fulfilledAt: iso(72),
          dueAt: iso(60),
          onTime: false,
        },
        COUNTY,
        { ...stream, time: at(72), actor: officer },
      ),
    },
  ];
}

/** The city's network office, as the rulings and the rating record it. */
function cityOffice(correlationId: string): CommandContext {
  return {
    actor: { kind: 'user', id: 'km.wxb', role: 'internet-office' },
    caller: { kind: 'service', id: 'review-demo' },
    orgUnit: CITY,
    scope: [CITY],
    correlationId,
  };
}

export async function loadDemo(
  commands: CommandBus,
  consumer: ConsumerHost,
  store: PostgresEventStore,
): Promise<{ findingId: string; loaded: boolean }> {
  const findingId = findingIdOf({ kind: 'late-report', subject: `obligation:${OBLIGATION_ID}` });
  const history = await store.readStream(reviewStreams.finding.id(findingId));
  if (history.length > 1) return { findingId, loaded: false };
  for (const { handler, event } of events()) await consumer.deliver(handler, event);
  await commands.execute(
    new ConfirmFindingCommand(
      { findingId, reason: '书面快报超过一小时时限 12 分钟送达，情况属实。' },
      cityOffice(INCIDENT_ID),
    ),
  );
  await commands.execute(
    new ComputeRatingsCommand({ orgUnit: CITY, period: '2026-Q3' }, cityOffice(INCIDENT_ID)),
  );
  return { findingId, loaded: true };
}

@Injectable()
export class ReviewDemo implements OnApplicationBootstrap {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ConsumerHost) private readonly consumer: ConsumerHost,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.logger.info(await loadDemo(this.commands, this.consumer, this.store), 'demo review loaded');
  }
}

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { archiveStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { ConsumerHost, LOGGER, receivedEvent, serviceContext, type InboxEvent } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { CloseCaseCommand } from '../close-case/close-case.command';
import { FileDecisionsHandler, FileIngestionHandler } from '../file-entries/file-entries.handler';

// `npm start` (YUQING_DEMO=1): one case in the case library, so that it is not empty — 宜良县's 二级 incident of
// September (a school canteen's food gone bad), handled and summarised (第二十六条). The other services' histories
// do not hold it, so its events are delivered to the archive's consumers as those services would publish them,
// and the county's internet office closes the case with its category and tags; the summary is the one reported.
// Loaded once: a restart finds the case's stream and adds nothing.

const ORG_UNIT = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const INCIDENT_ID = 'demo-yl-canteen-2026-09';
const START = Date.parse('2026-09-14T01:20:00Z');
const MINUTE = 60_000;

const at = (minutes: number) => new Date(START + minutes * MINUTE);
const iso = (minutes: number) => at(minutes).toISOString();

function events(): InboxEvent[] {
  const item = 'demo-yl-canteen-item-1';
  const report = 'demo-yl-canteen-item-2';
  const proposal = 'demo-yl-canteen-proposal';
  const bulletin = 'demo-yl-canteen-bulletin';
  const obligation = 'demo-yl-canteen-obligation';
  const summaryObligation = 'demo-yl-canteen-summary-obligation';
  const level2 = { level: 'level-2', exceptional: false };
  const captured = (itemId: string, minutes: number, fields: Record<string, unknown>) =>
    receivedEvent(
      'ingestion.ItemCaptured',
      {
        itemId,
        captureMethod: 'crawler',
        capturedAt: iso(minutes),
        contentHash: (itemId === item ? 'c' : 'd').repeat(64),
        canonicalUrl: fields['url'],
        fingerprint: itemId === item ? '1c2d3e4f5a6b7c8d' : '1c2d3e4f5a6b7c8f',
        matchedRules: [],
        matchedTerms: ['食堂', '变质'],
        sentiment: { polarity: 'negative', score: -0.7, decidingWords: [] },
        ...fields,
      },
      ORG_UNIT,
      { streamId: `ingestion-item-${itemId}`, time: at(minutes) },
    );
  return [
    captured(item, 0, {
      url: 'https://bbs.example.cn/yl/thread/2026091401',
      platform: 'forum',
      reachTier: 'local',
      outlet: '宜良论坛',
      title: '宜良县某中学食堂饭菜变质，学生腹痛',
      text: '家长反映孩子在学校食堂吃午饭后腹痛，饭菜有异味。',
    }),
    receivedEvent(
      'ingestion.IncidentDetected',
      {
        incidentId: INCIDENT_ID,
        title: '宜良县某中学食堂饭菜变质引发关注',
        itemIds: [item],
        detectedAt: iso(1),
      },
      ORG_UNIT,
      { time: at(1) },
    ),
    captured(report, 40, {
      url: 'https://news.example.cn/yn/2026-09-14/canteen.html',
      platform: 'news-site',
      reachTier: 'provincial-portal',
      outlet: '云南网',
      title: '宜良一中学食堂饭菜变质？当地已介入调查',
      text: '记者从宜良县了解到，县市场监管局已派员调查。',
    }),
    receivedEvent(
      'ingestion.ItemAttachedToIncident',
      { itemId: report, incidentId: INCIDENT_ID, relation: 'same-event' },
      ORG_UNIT,
      {
        time: at(41),
      },
    ),
    receivedEvent(
      'grading.GradeProposed',
      {
        incidentId: INCIDENT_ID,
        proposalId: proposal,
        grade: level2,
        criteria: ['provincial-portal'],
        evidence: [{ kind: 'item', id: report }],
        rationale: '云南网报道',
        ruleSetVersion: 'grading-rules@2026-06',
      },
      ORG_UNIT,
      { time: at(42) },
    ),
    receivedEvent(
      'grading.GradeConfirmed',
      { incidentId: INCIDENT_ID, proposalId: proposal, grade: level2 },
      ORG_UNIT,
      {
        time: at(50),
        actor: { kind: 'user', id: 'demo:km.grading', role: 'grading-authority' },
      },
    ),
    receivedEvent(
      'reporting.ReportingObligationOpened',
      {
        obligationId: obligation,
        incidentId: INCIDENT_ID,
        kind: 'bulletin',
        reason: 'grade-in-force',
        recipientOrgUnitId: CITY,
        clockBasis: 'graded',
        clockStartedAt: iso(50),
        dueAt: iso(50 + 240),
        reminderLeadMinutes: [],
        ruleSetVersion: 'reporting-rules@2026-06',
      },
      ORG_UNIT,
      { time: at(50) },
    ),
    receivedEvent(
      'reporting.ReportingObligationFulfilled',
      {
        obligationId: obligation,
        incidentId: INCIDENT_ID,
        kind: 'bulletin',
        reportId: bulletin,
        fulfilledAt: iso(110),
        dueAt: iso(50 + 240),
        onTime: true,
      },
      ORG_UNIT,
      { time: at(110) },
    ),
    receivedEvent(
      'reporting.BulletinSignedOff',
      {
        bulletinId: bulletin,
        incidentId: INCIDENT_ID,
        instructions: '请宜良县今日内查明原因，并在网上回应家长关切。',
        signedOffAt: iso(150),
        signerOrgUnitId: CITY,
      },
      ORG_UNIT,
      { time: at(150) },
    ),
    receivedEvent(
      'guidance.ReleasePublished',
      {
        incidentId: INCIDENT_ID,
        releaseId: 'demo-yl-canteen-release',
        kind: 'forum-reply',
        channel: '宜良论坛·宜良县委网信办',
        url: 'https://bbs.example.cn/yl/thread/2026091401#reply',
        publishedAt: iso(200),
        text: '县市场监管局已对该校食堂留样检测，涉事食材已封存，学生均已就医观察，结果将及时公布。',
        wordingId: 'demo-yl-canteen-wording',
        wordingVersion: 1,
      },
      ORG_UNIT,
      { time: at(200) },
    ),
    receivedEvent(
      'reporting.ReportingObligationOpened',
      {
        obligationId: summaryObligation,
        incidentId: INCIDENT_ID,
        kind: 'handling-summary',
        reason: 'handling-completed',
        recipientOrgUnitId: CITY,
        clockBasis: 'handling-completed',
        clockStartedAt: iso(3 * 24 * 60),
        dueAt: iso(10 * 24 * 60),
        reminderLeadMinutes: [],
        ruleSetVersion: 'reporting-rules@2026-06',
      },
      ORG_UNIT,
      { time: at(3 * 24 * 60) },
    ),
    receivedEvent(
      'reporting.HandlingSummarySubmitted',
      {
        summaryId: 'demo-yl-canteen-summary',
        obligationId: summaryObligation,
        incidentId: INCIDENT_ID,
        recipientOrgUnitId: CITY,
        submittedAt: iso(4 * 24 * 60),
        grade: level2,
        whatHappened:
          '9月14日，家长在宜良论坛发帖反映某中学食堂饭菜变质、学生腹痛，云南网随后报道，定为二级。',
        howHandled:
          '县市场监管局当日留样检测并封存食材，教育局约谈校方；县委网信办在论坛回复进展，报送《网上舆情》并落实市领导批示。',
        lessons: '学校食品安全问题应第一时间公开检测进展，家长群中的信息要纳入监测。',
        outlook: '开学季类似诉求多发，应与教育、市场监管部门预置回应口径。',
      },
      ORG_UNIT,
      { time: at(4 * 24 * 60) },
    ),
    receivedEvent(
      'reporting.ReportingObligationFulfilled',
      {
        obligationId: summaryObligation,
        incidentId: INCIDENT_ID,
        kind: 'handling-summary',
        reportId: 'demo-yl-canteen-summary',
        fulfilledAt: iso(4 * 24 * 60),
        dueAt: iso(10 * 24 * 60),
        onTime: true,
      },
      ORG_UNIT,
      { time: at(4 * 24 * 60) },
    ),
  ];
}

export async function loadDemo(
  commands: CommandBus,
  consumer: ConsumerHost,
  store: PostgresEventStore,
): Promise<{ loaded: boolean; events: number }> {
  if ((await store.readStream(archiveStreams.case.id(INCIDENT_ID))).length > 0)
    return { loaded: false, events: 0 };
  const delivered = events();
  for (const event of delivered) {
    await consumer.deliver(
      event.type.startsWith('ingestion.') ? FileIngestionHandler : FileDecisionsHandler,
      event,
    );
  }
  await commands.execute(
    new CloseCaseCommand(
      { caseId: INCIDENT_ID, category: '食品安全', tags: ['学校食堂', '食品安全', '家长诉求'] },
      {
        ...serviceContext('archive-demo', ORG_UNIT, INCIDENT_ID),
        actor: { kind: 'user', id: 'demo:yl.wxb', role: 'internet-office' },
      },
    ),
  );
  return { loaded: true, events: delivered.length };
}

/** Loads the demo once the command bus and the consumers are up (provided only when YUQING_DEMO is on). */
@Injectable()
export class ArchiveDemo implements OnApplicationBootstrap {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ConsumerHost) private readonly consumer: ConsumerHost,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.logger.info(await loadDemo(this.commands, this.consumer, this.store), 'demo case library loaded');
  }
}

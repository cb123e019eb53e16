import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { guidanceStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import type { Approver } from '@yuqing/guidance-domain';
import {
  type CommandContext,
  ConsumerHost,
  LOGGER,
  receivedEvent,
  serviceContext,
} from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { DecideReleaseCommand } from '../decide-release/decide-release.command';
import { DecideWordingCommand } from '../decide-wording/decide-wording.command';
import { DraftWordingCommand, type WordingAnswer } from '../draft-wording/draft-wording.command';
import { ResponsePlansHandler } from '../open-response-plans/open-response-plans.handler';
import { PrepareReleaseCommand, type ReleaseAnswer } from '../prepare-release/prepare-release.command';
import { PublishReleaseCommand } from '../publish-release/publish-release.command';
import { RegisterOfficialAccountCommand } from '../register-official-account/register-official-account.command';

// `npm start` (YUQING_DEMO=1): the response to 宜良县's 路面塌陷 incident (`demo-yl-road-collapse`, the 一级 incident
// reporting's demo shows overdue; grading's own history does not hold it, so its grade, plan and special team are
// delivered to guidance's consumer as grading would publish them). The plan has the county's publicity department
// approve releases; a wording is drafted and approved, and the reply published on the county's official Weibo
// (宜良发布), which is registered as the county's account. Ingestion's demo feed of that account then brings the
// published reply (matched by its address) and a post nobody approved (detected). Loaded once: a restart finds
// the incident's response stream and adds nothing.

const ORG_UNIT = 'cn.yn.km.yl';
const INCIDENT_ID = 'demo-yl-road-collapse';
const MINUTE = 60_000;

/**
 * The demo records the county publicity department's decisions as its demo user (`yl.publicity`, the role
 * `publicity-department` in 宜良县); user ids are minted by identity at start, so the demo names the user.
 */
const PUBLICITY: Approver = {
  userId: 'demo:yl.publicity',
  grants: [{ role: 'publicity-department', orgUnit: ORG_UNIT }],
};

const FIGURES = [
  { name: '塌陷面积', value: 12, unit: '平方米' },
  { name: '预计修复时间', value: 3, unit: '日' },
];

/** Where ingestion serves its demo feeds (guidance's DEMO_FEEDS_URL). */
export const DEMO_FEEDS_URL = Symbol('DEMO_FEEDS_URL');

/** Loads the demo once the command bus and the consumers are up (provided only when YUQING_DEMO is on). */
@Injectable()
export class GuidanceDemo implements OnApplicationBootstrap {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ConsumerHost) private readonly consumer: ConsumerHost,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DEMO_FEEDS_URL) private readonly feedsUrl: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const loaded = await loadDemo(this.commands, this.consumer, this.store, this.feedsUrl);
    this.logger.info(
      loaded,
      'demo response loaded (plan, approved wording, published reply, official account)',
    );
  }
}

export async function loadDemo(
  commands: CommandBus,
  consumer: ConsumerHost,
  store: PostgresEventStore,
  feedsUrl: string,
): Promise<{ loaded: boolean; events: number }> {
  const stream = guidanceStreams.response.id(INCIDENT_ID);
  if ((await store.readStream(stream)).length > 0) return { loaded: false, events: 0 };
  const now = Date.now();
  const ctx: CommandContext = serviceContext('guidance-demo', ORG_UNIT, INCIDENT_ID);

  // Grading's decisions of 40 and 35 minutes ago: 一级 confirmed, a handling plan, a special team.
  const grading = [
    receivedEvent(
      'grading.GradeConfirmed',
      {
        incidentId: INCIDENT_ID,
        proposalId: 'demo-yl-road-collapse-proposal',
        grade: { level: 'level-1', exceptional: false },
        note: '多家中央媒体关注，按一级处置。',
      },
      ORG_UNIT,
      { time: new Date(now - 40 * MINUTE) },
    ),
    receivedEvent(
      'grading.HandlingPlanAdopted',
      {
        planId: 'demo-yl-road-collapse-plan',
        incidentId: INCIDENT_ID,
        summary: '成立处置专班，县交通运输局牵头抢修，县委宣传部统一发布。',
        measures: [
          { description: '设置围挡和警示标志，组织抢修。', responsibleOrgUnitId: 'cn.yn.km.yl.jtj' },
          { description: '统一口径，及时发布进展。', responsibleOrgUnitId: 'cn.yn.km.yl.xcb' },
        ],
        releaseApprover: 'propaganda-department',
      },
      ORG_UNIT,
      { time: new Date(now - 35 * MINUTE) },
    ),
  ];
  for (const event of grading) await consumer.deliver(ResponsePlansHandler, event);

  await commands.execute(
    new RegisterOfficialAccountCommand(
      {
        orgUnit: ORG_UNIT,
        kind: 'weibo',
        platform: 'weibo',
        name: '宜良发布',
        urlPrefixes: [`${feedsUrl}/yl-weibo/`],
        authorNames: ['宜良发布'],
      },
      ctx,
    ),
  );

  const wording: WordingAnswer = await commands.execute(
    new DraftWordingCommand(
      {
        incidentId: INCIDENT_ID,
        facts: [
          {
            statement: '宜良县匡远街道部分路段出现路面塌陷，未造成人员伤亡。',
            source: { kind: 'verification', eventId: 'demo-yl-road-collapse-verification' },
          },
          {
            statement: '县交通运输局已设置围挡和警示标志，抢修正在进行。',
            source: { kind: 'handling-result', eventId: 'demo-yl-road-collapse-handling' },
          },
        ],
        figures: FIGURES,
        text: '宜良县匡远街道部分路段出现路面塌陷，县交通运输局已对塌陷路段设置围挡和警示标志，抢修工作正在进行，预计三日内完成修复。塌陷原因正在调查，结果将及时公布。',
        outlet: { name: '宜良县人民政府新闻办公室', channel: '宜良发布（政务微博）' },
        statesCause: false,
        characterises: false,
      },
      ctx,
    ),
  );
  await commands.execute(
    new DecideWordingCommand(
      {
        incidentId: INCIDENT_ID,
        wordingId: wording.wordingId,
        version: wording.version,
        decision: 'approve',
      },
      ctx,
      PUBLICITY,
    ),
  );
  const release: ReleaseAnswer = await commands.execute(
    new PrepareReleaseCommand(
      {
        incidentId: INCIDENT_ID,
        kind: 'weibo-post',
        channel: '宜良发布（政务微博）',
        wordingId: wording.wordingId,
        wordingVersion: wording.version,
        text: '【情况通报】宜良县匡远街道部分路段出现路面塌陷，县交通运输局已设置围挡和警示标志，抢修工作正在进行，预计三日内完成修复。塌陷原因正在调查，结果将及时公布。',
        figures: FIGURES,
      },
      ctx,
    ),
  );
  await commands.execute(
    new DecideReleaseCommand(
      { incidentId: INCIDENT_ID, releaseId: release.releaseId, decision: 'approve' },
      ctx,
      PUBLICITY,
    ),
  );
  await commands.execute(
    new PublishReleaseCommand(
      {
        incidentId: INCIDENT_ID,
        releaseId: release.releaseId,
        // The address of the first post in ingestion's demo feed of 宜良发布: the capture matches it.
        url: `${feedsUrl}/yl-weibo/1.html`,
        publishedAt: new Date(now).toISOString(),
      },
      ctx,
    ),
  );
  return { loaded: true, events: (await store.readStream(stream)).length + 1 };
}

import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConsumerHost, serviceContext } from '@yuqing/service-kit';
import type { MatrixRequest } from '@yuqing/testing';
import { ArrangeResponseCommand, type ResponseAnswer } from '../arrange-response/arrange-response.command';
import { DecideReleaseCommand } from '../decide-release/decide-release.command';
import { DecideWordingCommand } from '../decide-wording/decide-wording.command';
import { DraftWordingCommand, type WordingAnswer } from '../draft-wording/draft-wording.command';
import { ResponsePlansHandler } from '../open-response-plans/open-response-plans.handler';
import { PrepareReleaseCommand, type ReleaseAnswer } from '../prepare-release/prepare-release.command';
import { PublishReleaseCommand } from '../publish-release/publish-release.command';
import { uuidv7 } from '@yuqing/event-store';
import { gradedWithPlan } from './grading-events';

// Test code: one incident response in each unit for the access matrix and the rebuild-equals-live test, through the
// paths requests and grading's events take: a 三级 grade and plan, an approved wording, a release approved and
// published. The decisions on them answer 422 (decided already) to any caller the guard lets through.

const FIGURES = [{ name: '受理诉求', value: 1, unit: '件' }];

/**
 * The seeded plans name every role the permission table lets draft, so the matrix sees the guard's decision alone;
 * the plan's narrower drafter roles are the domain's (403), proven in first-response.int.spec.ts.
 */
const DRAFTING_ROLES = ['spokesperson', 'opinion-admin', 'special-team-member'];

export const WORDING = {
  facts: [
    { statement: '网民反映的情况经核实属实。', source: { kind: 'verification', eventId: 'matrix-seed' } },
  ],
  figures: FIGURES,
  text: '已责成有关部门限期处理，结果将及时公开。',
  outlet: { name: '矩阵测试单位', channel: '政府网站' },
  statesCause: false,
  characterises: false,
} as const;

interface Seeded {
  readonly incidentId: string;
  readonly wordingId: string;
  readonly releaseId: string;
}

export async function seedResponses(
  app: INestApplication,
  orgUnits: readonly string[],
): Promise<{
  resolved: Record<string, string>;
  request: (endpoint: string, orgUnit: string) => MatrixRequest | undefined;
}> {
  const consumer = app.get(ConsumerHost);
  const commands = app.get(CommandBus);
  const seeded: Record<string, Seeded> = {};
  for (const orgUnit of orgUnits) {
    const incidentId = uuidv7();
    for (const event of gradedWithPlan(incidentId, orgUnit))
      await consumer.deliver(ResponsePlansHandler, event);
    const ctx = serviceContext('matrix-seed', orgUnit);
    await commands.execute(
      new ArrangeResponseCommand(
        { incidentId, orgUnit, drafterRoles: DRAFTING_ROLES, channels: ['政府网站'] },
        ctx,
      ),
    );
    const approver = { userId: 'matrix-seed', grants: [{ role: 'spokesperson', orgUnit }] };
    const wording: WordingAnswer = await commands.execute(
      new DraftWordingCommand(
        { incidentId, ...WORDING, facts: [...WORDING.facts], figures: [...FIGURES] },
        ctx,
      ),
    );
    await commands.execute<DecideWordingCommand, ResponseAnswer>(
      new DecideWordingCommand(
        { incidentId, wordingId: wording.wordingId, version: 1, decision: 'approve' },
        ctx,
        approver,
      ),
    );
    const release: ReleaseAnswer = await commands.execute(
      new PrepareReleaseCommand(
        {
          incidentId,
          kind: 'message-board-reply',
          channel: '政府网站',
          wordingId: wording.wordingId,
          wordingVersion: 1,
          text: '您反映的问题已责成有关部门限期处理。',
          figures: [...FIGURES],
        },
        ctx,
      ),
    );
    await commands.execute(
      new DecideReleaseCommand(
        { incidentId, releaseId: release.releaseId, decision: 'approve' },
        ctx,
        approver,
      ),
    );
    await commands.execute(
      new PublishReleaseCommand(
        {
          incidentId,
          releaseId: release.releaseId,
          url: `https://www.example.gov.cn/hf/${release.releaseId}.html`,
          publishedAt: new Date().toISOString(),
        },
        ctx,
      ),
    );
    seeded[orgUnit] = { incidentId, wordingId: wording.wordingId, releaseId: release.releaseId };
  }
  const requests: Record<string, (s: Seeded) => MatrixRequest> = {
    'POST /api/guidance/responses/:incidentId/arrangements': (s) => ({
      params: { incidentId: s.incidentId },
      body: { drafterRoles: DRAFTING_ROLES, channels: ['政府网站'] },
    }),
    'POST /api/guidance/responses/:incidentId/wordings': (s) => ({
      params: { incidentId: s.incidentId },
      body: { ...WORDING, wordingId: s.wordingId },
    }),
    'POST /api/guidance/responses/:incidentId/wordings/:wordingId/decisions': (s) => ({
      params: { incidentId: s.incidentId, wordingId: s.wordingId },
      body: { version: 1, decision: 'approve' },
    }),
    'POST /api/guidance/responses/:incidentId/releases': (s) => ({
      params: { incidentId: s.incidentId },
      // Cites version 1, which the matrix's own revisions supersede: refused (422), nothing appended.
      body: {
        kind: 'forum-reply',
        channel: '政府网站',
        wordingId: s.wordingId,
        wordingVersion: 1,
        text: '矩阵测试',
        figures: FIGURES,
      },
    }),
    'POST /api/guidance/responses/:incidentId/releases/:releaseId/decisions': (s) => ({
      params: { incidentId: s.incidentId, releaseId: s.releaseId },
      body: { decision: 'approve' },
    }),
    'POST /api/guidance/responses/:incidentId/releases/:releaseId/publications': (s) => ({
      params: { incidentId: s.incidentId, releaseId: s.releaseId },
      body: { url: 'https://www.example.gov.cn/hf/again.html', publishedAt: new Date().toISOString() },
    }),
  };
  return {
    resolved: Object.fromEntries(Object.entries(seeded).map(([unit, s]) => [unit, s.incidentId])),
    request: (endpoint, orgUnit) => {
      const s = seeded[orgUnit];
      const make = requests[endpoint];
      return s && make ? make(s) : undefined;
    },
  };
}

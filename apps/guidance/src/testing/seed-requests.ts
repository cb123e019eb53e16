import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { serviceContext, type CommandContext } from '@yuqing/service-kit';
import type { MatrixRequest } from '@yuqing/testing';
import {
  DecideOnlineGuidanceCommand,
  type DecideOnlineGuidanceResult,
} from '../decide-online-guidance/decide-online-guidance.command';
import { DecideWrittenRequestCommand } from '../decide-written-request/decide-written-request.command';
import {
  FileWrittenRequestCommand,
  type FileWrittenRequestResult,
} from '../file-written-request/file-written-request.command';
import {
  ProposeOnlineGuidanceCommand,
  type ProposeOnlineGuidanceResult,
} from '../propose-online-guidance/propose-online-guidance.command';
import { RecordWrittenRequestOutcomeCommand } from '../record-written-request-outcome/record-written-request-outcome.command';
import { ReportGuidanceTaskCommand } from '../report-guidance-task/report-guidance-task.command';

// Test code: for the access matrix and the rebuild-equals-live test, in each unit a written request addressed to it
// (answered and closed), and an online guidance proposal addressed to it whose one task, assigned to a commentator
// of that unit, is reported back. So every decision the guard lets through answers 422 (decided or closed already).

const COMMENTATOR = 'matrix-commentator';

/** A context acting as a user of `orgUnit` in `role` (the deciders check who answers). */
function actingAs(id: string, role: string, orgUnit: string): CommandContext {
  return { ...serviceContext('matrix-seed', orgUnit), actor: { kind: 'user', id, role } };
}

interface Seeded {
  readonly requestId: string;
  readonly proposalId: string;
  readonly taskId: string;
}

export async function seedRequests(
  app: INestApplication,
  orgUnits: readonly string[],
): Promise<{
  resolved: Record<string, Record<string, string>>;
  request: (endpoint: string, orgUnit: string) => MatrixRequest | undefined;
}> {
  const commands = app.get(CommandBus);
  const seeded: Record<string, Seeded> = {};
  for (const orgUnit of orgUnits) {
    // Filed by a unit below the addressed one.
    const filer = `${orgUnit}.mx`;
    const filed = await commands.execute<FileWrittenRequestCommand, FileWrittenRequestResult>(
      new FileWrittenRequestCommand(
        {
          orgUnit: filer,
          kind: 'city-coordination',
          approverUnit: orgUnit,
          subject: '矩阵测试',
          body: '矩阵测试',
        },
        serviceContext('matrix-seed', filer),
      ),
    );
    const office = actingAs('matrix-seed', 'internet-office', orgUnit);
    await commands.execute(
      new DecideWrittenRequestCommand({ requestId: filed.requestId, decision: 'approve' }, office),
    );
    await commands.execute(
      new RecordWrittenRequestOutcomeCommand(
        { requestId: filed.requestId, outcome: '矩阵测试：已协调' },
        office,
      ),
    );
    const proposed = await commands.execute<ProposeOnlineGuidanceCommand, ProposeOnlineGuidanceResult>(
      new ProposeOnlineGuidanceCommand(
        { orgUnit: filer, approverUnit: orgUnit, wording: '矩阵测试', platforms: [] },
        serviceContext('matrix-seed', filer),
      ),
    );
    const decided = await commands.execute<DecideOnlineGuidanceCommand, DecideOnlineGuidanceResult>(
      new DecideOnlineGuidanceCommand(
        {
          proposalId: proposed.proposalId,
          decision: 'approve',
          deployment: 'unit',
          commentators: [{ userId: COMMENTATOR, orgUnit }],
        },
        office,
      ),
    );
    const taskId = decided.tasks[0]!.taskId;
    await commands.execute(
      new ReportGuidanceTaskCommand(
        {
          proposalId: proposed.proposalId,
          taskId,
          posts: [{ url: 'https://bbs.example.cn/matrix' }],
          summary: '矩阵测试',
        },
        actingAs(COMMENTATOR, 'online-commentator', orgUnit),
      ),
    );
    seeded[orgUnit] = { requestId: filed.requestId, proposalId: proposed.proposalId, taskId };
  }
  const post = { posts: [{ url: 'https://bbs.example.cn/matrix-again' }], summary: '矩阵测试' };
  // The GETs of one request or proposal check visibility in their query (the filing and the addressed unit read
  // it): they are asked for what was addressed to the matrix's home unit (the first given), which its roles see.
  const home = seeded[orgUnits[0]!]!;
  const requests: Record<string, (s: Seeded) => MatrixRequest> = {
    'GET /api/guidance/requests/:requestId': () => ({ params: { requestId: home.requestId } }),
    'GET /api/guidance/requests/:requestId/history': () => ({ params: { requestId: home.requestId } }),
    'GET /api/guidance/online-guidance/:proposalId': () => ({ params: { proposalId: home.proposalId } }),
    'GET /api/guidance/online-guidance/:proposalId/history': () => ({
      params: { proposalId: home.proposalId },
    }),
    // Addressed to the city office: refused (422) where the caller's unit is the city itself.
    'POST /api/guidance/requests': () => ({
      body: {
        kind: 'city-coordination',
        approverUnit: 'cn.yn.km.wxb',
        subject: '矩阵测试',
        body: '矩阵测试',
      },
    }),
    'POST /api/guidance/requests/:requestId/decisions': () => ({ body: { decision: 'approve' } }),
    'POST /api/guidance/requests/:requestId/outcomes': () => ({ body: { outcome: '矩阵测试' } }),
    'POST /api/guidance/online-guidance': () => ({
      body: { approverUnit: 'cn.yn.km.wxb', wording: '矩阵测试' },
    }),
    'POST /api/guidance/online-guidance/:proposalId/decisions': () => ({
      body: { decision: 'approve', commentators: [{ userId: COMMENTATOR, orgUnit: 'cn.yn.km.yl' }] },
    }),
    'POST /api/guidance/online-guidance/:proposalId/tasks/:taskId/acknowledgements': (s) => ({
      params: { proposalId: s.proposalId },
      body: {},
    }),
    'POST /api/guidance/online-guidance/:proposalId/tasks/:taskId/reports': (s) => ({
      params: { proposalId: s.proposalId },
      body: post,
    }),
  };
  const by = (pick: (s: Seeded) => string) =>
    Object.fromEntries(Object.entries(seeded).map(([unit, s]) => [unit, pick(s)]));
  return {
    resolved: {
      writtenRequestApprover: by((s) => s.requestId),
      onlineGuidanceApprover: by((s) => s.proposalId),
      guidanceTask: by((s) => s.taskId),
    },
    request: (endpoint, orgUnit) => {
      const s = seeded[orgUnit];
      const make = requests[endpoint];
      return s && make ? make(s) : undefined;
    },
  };
}

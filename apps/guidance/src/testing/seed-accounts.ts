import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { serviceContext } from '@yuqing/service-kit';
import type { MatrixRequest } from '@yuqing/testing';
import {
  RegisterOfficialAccountCommand,
  type RegisterOfficialAccountResult,
} from '../register-official-account/register-official-account.command';

// Test code: for the access matrix and the rebuild-equals-live test, one official account in each unit, through the
// command path as a request would; a retirement the guard lets through then retires it (201), or answers 422.

const account = (orgUnit: string, n: number) => ({
  kind: 'website' as const,
  platform: 'news-site' as const,
  name: `矩阵测试网站${n}`,
  urlPrefixes: [`https://matrix-${orgUnit.replace(/\./g, '-')}-${n}.example.cn/`],
  authorNames: [],
});

export async function seedAccounts(
  app: INestApplication,
  orgUnits: readonly string[],
): Promise<{
  resolved: Record<string, Record<string, string>>;
  request: (endpoint: string, orgUnit: string) => MatrixRequest | undefined;
}> {
  const commands = app.get(CommandBus);
  const ids: Record<string, string> = {};
  for (const orgUnit of orgUnits) {
    const registered = await commands.execute<RegisterOfficialAccountCommand, RegisterOfficialAccountResult>(
      new RegisterOfficialAccountCommand(
        { orgUnit, ...account(orgUnit, 0) },
        serviceContext('matrix-seed', orgUnit),
      ),
    );
    ids[orgUnit] = registered.accountId;
  }
  let n = 0;
  const requests: Record<string, (orgUnit: string) => MatrixRequest> = {
    'POST /api/guidance/accounts': (orgUnit) => ({ body: { orgUnit, ...account(orgUnit, (n += 1)) } }),
    'POST /api/guidance/accounts/:accountId/retirements': () => ({
      body: { reason: '矩阵测试：账号已注销' },
    }),
  };
  return {
    resolved: { officialAccount: ids },
    request: (endpoint, orgUnit) => requests[endpoint]?.(orgUnit),
  };
}

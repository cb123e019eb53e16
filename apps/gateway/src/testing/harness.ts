import { Pool } from 'pg';
import { CommandBus } from '@nestjs/cqrs';
import { isRole } from '@yuqing/auth';
import { serviceContext } from '@yuqing/service-kit';
import type { ServiceHarness } from '@yuqing/testing';
import { GrantRoleCommand } from '../identity/grant-role/grant-role.command';
import { RegisterUserCommand } from '../identity/register-user/register-user.command';
import { startGateway } from './gateway-app';

/** The gateway in the platform under test: the issuer, and the router to every service started before it. */
export const harness: ServiceHarness = {
  issuer: true,
  async start(context) {
    const gateway = await startGateway(context.base, {
      schema: context.schema,
      env: {
        AUTH_ISSUER: context.issuer,
        AUTH_AUDIENCE: context.audience,
        SERVICE_URLS: Object.entries(context.serviceUrls)
          .map(([name, url]) => `${name}=${url}`)
          .join(','),
      },
    });
    return {
      app: gateway.app,
      url: gateway.url,
      issuer: {
        signer: {
          sign: (subject) =>
            gateway.keys.signer().sign({
              ...subject,
              grants: subject.grants.map((grant) => {
                if (!isRole(grant.role)) throw new Error(`no role ${grant.role}`);
                return { ...grant, role: grant.role };
              }),
            }),
        },
        getKey: gateway.keys.getKey,
      },
      async seedMatrix(orgUnits) {
        // A user with a grant in each unit, for the resolvers identity.user and identity.grant.
        const commands = gateway.app.get(CommandBus);
        const users: Record<string, string> = {};
        const grants: Record<string, string> = {};
        for (const [i, orgUnit] of orgUnits.entries()) {
          const context = serviceContext('access-matrix', orgUnit);
          const { userId } = await commands.execute(
            new RegisterUserCommand(
              { username: `matrix.u${i}`, displayName: `matrix ${orgUnit}`, orgUnit },
              context,
            ),
          );
          users[orgUnit] = userId;
          const granted = await commands.execute(
            new GrantRoleCommand({ userId, role: 'monitor', orgUnit }, context),
          );
          grants[orgUnit] = granted.grantId;
        }
        return { resolved: { 'identity.user': users, 'identity.grant': grants } };
      },
      async close() {
        await gateway.close();
        const pool = new Pool({ connectionString: context.base.DATABASE_URL, max: 1 });
        await pool.query(`drop schema if exists ${context.schema} cascade`);
        await pool.query(`drop schema if exists ${context.schema}_auth cascade`);
        await pool.end();
      },
    };
  },
};

import { Pool } from 'pg';
import { isRole } from '@yuqing/auth';
import { uuidv7 } from '@yuqing/event-store';
import type { ServiceHarness } from '@yuqing/testing';
import { IdentityCommands } from '../identity/identity-commands';
import { startGateway } from './gateway-app';

/** The gateway in the platform under test: the issuer, and the router to every service started before it. */
export const harness: ServiceHarness = {
  issuer: true,
  async start(context) {
    const gateway = await startGateway(context.base, {
      schema: context.schema,
      revocationGroupId: `${context.schema}.revocations`,
      streamGroupId: `${context.schema}.stream`,
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
        const commands = gateway.app.get(IdentityCommands);
        const users: Record<string, string> = {};
        const grants: Record<string, string> = {};
        for (const [i, orgUnit] of orgUnits.entries()) {
          const meta = {
            orgUnit,
            actor: { kind: 'service' as const, id: 'access-matrix' },
            correlationId: uuidv7(),
          };
          const userId = await commands.registerUser(
            { username: `matrix.u${i}`, displayName: `matrix ${orgUnit}`, orgUnit },
            meta,
          );
          users[orgUnit] = userId;
          grants[orgUnit] = await commands.grantRole(userId, 'monitor', orgUnit, meta);
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

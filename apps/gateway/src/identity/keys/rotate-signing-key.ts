// The operator's rotation of the built-in issuer's signing key, run with the gateway's environment:
//   npm run keys:rotate [-- --schema <schema>]
// A new key signs from now on; the old one keeps verifying (and stays in the JWKS) until every token it signed has
// expired: the longest token lifetime a gateway may have (an hour) plus a grace for replicas that have not
// reloaded yet (keys/key-rotation.ts), whatever this shell's AUTH_TOKEN_TTL_SECONDS says.
// Running gateways pick the new key up within KEY_REFRESH_SECONDS. Prints JSON; exit 0 when done, 1 on a bad
// configuration (one line naming the variable), 2 on bad usage.
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig, serviceConfigSchema } from '@yuqing/config';
import { migrate } from '@yuqing/service-kit';
import { gatewayConfigSchema } from '../../config';
import { identityMigrations } from '../identity.schema';
import { KeyDecryptionError, keyEncryptionKeyOf, resolveKeyEncryptionKey } from './key-encryption';
import { prepareSigningKeys, rotateSigningKey } from './key-store';

/** The longest AUTH_TOKEN_TTL_SECONDS a gateway may run with (config.ts). */
const LONGEST_TOKEN_TTL_SECONDS = 3600;

const rotationConfigSchema = z
  .object({
    DATABASE_URL: serviceConfigSchema.shape.DATABASE_URL,
    HOST: serviceConfigSchema.shape.HOST,
    YUQING_KEY_ENCRYPTION_KEY: gatewayConfigSchema.shape.YUQING_KEY_ENCRYPTION_KEY,
    YUQING_KEY_ENCRYPTION_KEY_FILE: gatewayConfigSchema.shape.YUQING_KEY_ENCRYPTION_KEY_FILE,
  })
  .superRefine((config, ctx) => {
    const kek = resolveKeyEncryptionKey(config);
    if (!kek.ok) ctx.addIssue({ code: 'custom', path: [kek.variable], message: kek.reason });
  });

export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** The command, apart from the process: `env` is the gateway's environment, `argv` the arguments. */
export async function rotateCommand(
  env: Record<string, string | undefined>,
  argv: readonly string[],
  now: Date = new Date(),
): Promise<CommandResult> {
  let schema = 'identity';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--schema' && argv[i + 1] && /^[a-z_][a-z0-9_]*$/.test(argv[i + 1]!)) schema = argv[++i]!;
    else return { code: 2, output: 'usage: npm run keys:rotate [-- --schema <schema>]\n' };
  }
  let config: z.infer<typeof rotationConfigSchema>;
  try {
    config = loadConfig(rotationConfigSchema, env);
  } catch (error) {
    return { code: 1, output: `keys:rotate: ${(error as Error).message}\n` };
  }
  const kek = keyEncryptionKeyOf(config);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    // As a starting gateway would: the table in its present form, and no key left in clear.
    await migrate(pool, schema, identityMigrations());
    await prepareSigningKeys(pool, schema, kek, now);
    // The gateways' token lifetime may differ from this shell's: keep the old key for the longest one allowed.
    const rotation = await rotateSigningKey(pool, schema, kek, LONGEST_TOKEN_TTL_SECONDS, now);
    const { rows } = await pool.query<{
      kid: string;
      state: string;
      activated_at: Date;
      retire_at: Date | null;
    }>(`select kid, state, activated_at, retire_at from ${schema}.signing_keys order by activated_at desc`);
    const keys = rows.map((row) => ({
      kid: row.kid,
      state: row.state,
      activatedAt: row.activated_at.toISOString(),
      ...(row.retire_at ? { retireAt: row.retire_at.toISOString() } : {}),
    }));
    return { code: 0, output: `${JSON.stringify({ schema, ...rotation, keys }, null, 2)}\n` };
  } catch (error) {
    if (error instanceof KeyDecryptionError) return { code: 1, output: `keys:rotate: ${error.message}\n` };
    throw error;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  rotateCommand(process.env, process.argv.slice(2)).then(
    ({ code, output }) => {
      (code === 0 ? process.stdout : process.stderr).write(output);
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`keys:rotate: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

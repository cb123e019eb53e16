import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The service shape (docs/architecture.md) as checks on the source: each concern has one implementation, and
 * a fourth or fifth copy fails here instead of in review. Tests, test helpers and fixtures are not checked.
 */
const root = join(__dirname, '..', '..');

const sources: readonly { path: string; text: string }[] = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'apps', 'libs'],
  { cwd: root, encoding: 'utf8' },
)
  .split('\n')
  .filter((path) => path.endsWith('.ts'))
  .filter((path) => !/\.spec\.ts$|\.fixtures\.ts$|\/testing\/|\/demo\//.test(path))
  .flatMap((path) => {
    try {
      return [{ path, text: readFileSync(join(root, path), 'utf8') }];
    } catch {
      return []; // listed by git but deleted in the working tree
    }
  });

/** Source files whose text matches, outside the allowed ones. */
function offenders(pattern: RegExp, allowed: readonly RegExp[] = []): string[] {
  return sources
    .filter(({ path, text }) => pattern.test(text) && !allowed.some((allow) => allow.test(path)))
    .map(({ path }) => path);
}

describe('one service shape', () => {
  it('has one idempotency implementation', () => {
    expect(
      offenders(/idempotency_keys|command_idempotency/, [
        /libs\/service-kit\/src\/commands\//,
        /migrations\.ts$|schema\.ts$/,
      ]),
    ).toEqual([]);
    // The gateway names the header only to forward it to the service that handles the command.
    expect(
      offenders(/['"]idempotency-key['"]/i, [
        /libs\/service-kit\/src\/http\/command-headers\.ts$/,
        /apps\/gateway\/src\/routing\/forward\.ts$/,
      ]),
    ).toEqual([]);
  });

  it('has one Kafka consumer engine', () => {
    expect(offenders(/\.consumer\(\s*\{/, [/libs\/messaging\/src\/consumer\/inbox-consumer\.ts$/])).toEqual(
      [],
    );
    expect(offenders(/new InboxConsumer\(/, [/libs\/service-kit\/src\/consuming\//])).toEqual([]);
  });

  it('has one cursor pagination', () => {
    // A cursor is base64url text read back from `after`; secrets and tokens use base64url too, without cursors.
    const cursors = sources
      .filter(({ text }) => /base64url/.test(text) && /\bcursor|\bafter\b/i.test(text))
      .map(({ path }) => path)
      .filter(
        (path) => !/libs\/service-kit\/src\/http\/pagination\.ts$|libs\/auth\/src\/tokens\//.test(path),
      );
    expect(cursors).toEqual([]);
  });

  it('has one clock provider', () => {
    expect(offenders(/extends Clock\b/, [/libs\/service-kit\/src\/clock\.ts$/])).toEqual([]);
    expect(offenders(/\b(CLOCK|NOW)\s*=\s*Symbol|provide:\s*['"](clock|now)['"]/i)).toEqual([]);
  });

  it('keeps SQL, transactions and the event store out of controllers', () => {
    const controllers = sources.filter(
      ({ path }) => path.startsWith('apps/') && path.endsWith('.controller.ts'),
    );
    const leaking = controllers
      .filter(({ text }) => /PG_POOL|PostgresEventStore|\.query\(|\.transaction\(/.test(text))
      .map(({ path }) => path);
    expect(leaking).toEqual([]);
  });

  it('sends every command through the CommandBus', () => {
    // A write route's method body must hand a command to the bus. The exceptions are not commands: the gateway
    // forwards requests to the services, signs users in and opens or ends their console sessions (authentication
    // exchanges), and what-if is a query that happens to need a body.
    const notCommands = [
      /apps\/gateway\/src\/routing\//,
      /apps\/gateway\/src\/identity\/login\//,
      /apps\/gateway\/src\/identity\/session\//,
      /apps\/(grading|review)\/src\/what-if\//,
    ];
    const controllers = sources.filter(
      ({ path }) =>
        path.startsWith('apps/') &&
        path.endsWith('.controller.ts') &&
        !notCommands.some((skip) => skip.test(path)),
    );
    const bypassing = controllers.flatMap(({ path, text }) =>
      writeRoutes(text)
        .filter((body) => !/this\.commands\.execute\(/.test(body))
        .map((body) => `${path}: ${body.split('\n')[0]?.trim()}`),
    );
    expect(bypassing).toEqual([]);
  });

  it('runs every read model through the projection runner', () => {
    expect(offenders(/\bInlineProjection\b|inlineProjections\s*:|\bAsyncProjection\b/)).toEqual([]);
  });

  it('spells stream ids in one place', () => {
    expect(
      offenders(
        /[`'"](ingestion|grading|reporting|identity)-(item|incident|source|rule|watch-window|notification|user|orgunit|client)-(\$\{|['"`]\s*\+)/,
        [/libs\/contracts\/src\/streams\//],
      ),
    ).toEqual([]);
  });
});

/** The text of every method decorated @Post, @Put, @Patch or @Delete, from its decorator to the next one. */
function writeRoutes(text: string): string[] {
  const decorator = /@(Post|Put|Patch|Delete|Get|CommandRoute)\(/g;
  const starts = [...text.matchAll(decorator)].map((match) => ({ at: match.index ?? 0, verb: match[1] }));
  return starts
    .map((start, index) => ({ ...start, body: text.slice(start.at, starts[index + 1]?.at ?? text.length) }))
    .filter(
      ({ verb, body }) =>
        verb !== 'Get' && !(verb === 'CommandRoute' && /^@CommandRoute\(\s*['"]GET/.test(body)),
    )
    .map(({ body }) => body);
}

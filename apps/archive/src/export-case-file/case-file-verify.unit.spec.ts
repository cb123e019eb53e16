import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { chainHash, GENESIS_HASH, type CanonicalEvent } from '@yuqing/event-store';
import { eventsJsonl } from './case-file-export';
import { tar, type TarFile } from './ustar';

// The offline verifier against archives built by hand: what an auditor would see for each way a file can be
// altered, and that any tar reads what the exporter writes.
type Verifier = typeof import('../../../../tools/audit/case-file');
/** Loaded by path: a tool is not a library the app may import (module boundaries). */
let verifyCaseFile: Verifier['verifyCaseFile'];
let untar: Verifier['untar'];
beforeAll(async () => {
  ({ verifyCaseFile, untar } = (await import(
    path.resolve(__dirname, '../../../../tools/audit/case-file')
  )) as Verifier);
});

const streamId = 'archive-case-c1';
const at = new Date(Date.UTC(2026, 11, 7, 2, 0));

function chain(count: number): CanonicalEvent[] {
  let prev: Buffer = GENESIS_HASH;
  return Array.from({ length: count }, (_, i) => {
    const fields = {
      eventId: `0193a000-0000-7000-8000-00000000000${i + 1}`,
      streamId,
      streamPosition: String(i + 1),
      eventType: 'archive.CaseEntryFiled',
      schemaVersion: '1',
      dataText: JSON.stringify({ caseId: 'c1', summary: `第${i + 1}条 "quoted" \\ 条目` }),
      metadataText: JSON.stringify({ actor: { kind: 'user', id: 'officer-1' } }),
      recordedAtMicros: String(at.getTime() * 1000 + i),
    };
    const hash = chainHash(prev, fields);
    const event = { ...fields, prevHash: prev.toString('hex'), hash: hash.toString('hex') };
    prev = hash;
    return event;
  });
}

const untarred = (archive: Buffer, name: string): Buffer => untar(archive).get(name)!;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function archiveOf(
  events: readonly CanonicalEvent[],
  options: { jsonl?: Buffer; manifest?: Record<string, unknown>; extra?: TarFile[] } = {},
): Buffer {
  const pdf = Buffer.from('%PDF-1.7 stand-in');
  const jsonl = options.jsonl ?? eventsJsonl(events);
  const last = events[events.length - 1];
  const manifest = {
    format: 'yuqing.archive.case-file/1',
    caseId: 'c1',
    streamId,
    exportedAt: at.toISOString(),
    head: { position: events.length, hash: last?.hash ?? '' },
    events: events.length,
    files: {
      'case.pdf': { sha256: sha(pdf), bytes: pdf.length },
      'events.jsonl': { sha256: sha(jsonl), bytes: jsonl.length },
    },
    ...options.manifest,
  };
  return tar([
    { name: 'manifest.json', content: Buffer.from(JSON.stringify(manifest)), modifiedAt: at },
    { name: 'case.pdf', content: pdf, modifiedAt: at },
    { name: 'events.jsonl', content: jsonl, modifiedAt: at },
    ...(options.extra ?? []),
  ]);
}

/** events.jsonl rewritten line by line, the manifest's digest made to match (a careful forger). */
function forged(events: CanonicalEvent[], edit: (lines: string[]) => string[]): Buffer {
  const lines = eventsJsonl(events).toString('utf8').trimEnd().split('\n');
  return archiveOf(events, {
    jsonl: Buffer.from(
      edit(lines)
        .map((l) => `${l}\n`)
        .join(''),
    ),
  });
}

describe('verifying an exported case file offline', () => {
  const events = chain(4);

  it('holds for an untouched export, and any tar lists its three files', () => {
    const archive = archiveOf(events);
    expect(verifyCaseFile(archive)).toMatchObject({
      ok: true,
      caseId: 'c1',
      events: 4,
      headHash: events[3]!.hash,
    });
    expect(execFileSync('tar', ['-tf', '-'], { input: archive }).toString().trim().split('\n')).toEqual([
      'manifest.json',
      'case.pdf',
      'events.jsonl',
    ]);
  });

  it('names the event after two were swapped', () => {
    const result = verifyCaseFile(forged(events, ([a, b, c, d]) => [a!, c!, b!, d!]));
    expect(result.firstFailure).toMatchObject({
      line: 2,
      eventId: events[2]!.eventId,
      reason: expect.stringContaining('expected position 2'),
    });
  });

  it('names the event after one was removed', () => {
    const renumbered = forged(events, ([a, , c, d]) => [
      a!,
      c!.replace('"streamPosition":"3"', '"streamPosition":"2"'),
      d!,
    ]);
    expect(verifyCaseFile(renumbered).firstFailure).toMatchObject({ line: 2, eventId: events[2]!.eventId });
  });

  it('names the line that no longer parses', () => {
    const broken = forged(events, (lines) => lines.map((l, i) => (i === 2 ? l.replace('{', '[') : l)));
    expect(verifyCaseFile(broken).firstFailure).toMatchObject({
      line: 3,
      eventId: events[2]!.eventId,
      reason: 'not valid JSON: the line was altered',
    });
  });

  it('fails when the last events were cut off, even with the digest made to match', () => {
    const result = verifyCaseFile(forged(events, (lines) => lines.slice(0, 3)));
    expect(result.firstFailure).toMatchObject({
      file: 'manifest.json',
      reason: expect.stringContaining('head'),
    });
  });

  it('fails on a file that is not part of a case file, a missing one, or a damaged header', () => {
    const extra = archiveOf(events, {
      extra: [{ name: 'readme.txt', content: Buffer.from('x'), modifiedAt: at }],
    });
    expect(verifyCaseFile(extra).firstFailure).toMatchObject({ file: 'readme.txt' });
    expect(verifyCaseFile(archiveOf(events, { manifest: { format: 'other/1' } })).firstFailure).toMatchObject(
      {
        file: 'manifest.json',
      },
    );
    const withoutPdf = tar([
      { name: 'manifest.json', content: untarred(archiveOf(events), 'manifest.json'), modifiedAt: at },
      { name: 'events.jsonl', content: eventsJsonl(events), modifiedAt: at },
    ]);
    expect(verifyCaseFile(withoutPdf)).toMatchObject({
      ok: false,
      files: { 'case.pdf': 'missing' },
      firstFailure: { file: 'case.pdf', reason: 'missing' },
    });
    const damaged = Buffer.from(archiveOf(events));
    damaged[10] = 0x41; // inside the first header's name field
    expect(verifyCaseFile(damaged)).toMatchObject({ ok: false, firstFailure: { file: '(archive)' } });
    expect(verifyCaseFile(Buffer.from('not a tar'))).toMatchObject({
      ok: false,
      firstFailure: { file: '(archive)' },
    });
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokenSigner, type Grant } from '@yuqing/auth';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { pdfText } from '@yuqing/documents/testing';
import { uniqueName } from '@yuqing/testing';
import { fileEvents, sourceEvent } from '../testing/cases';
import { startArchive, type ArchiveTestApp } from '../testing/archive-app';

// An auditor downloads a case file and checks it at their own desk: every event with its hash-chain fields, a
// readable PDF, a manifest of digests; one changed byte anywhere and the verifier says where.
const ROOT = path.resolve(__dirname, '../../../..');
const schema = uniqueName('archexp');
const unit = `cn.yn.km.t${schema.slice(-8)}`;
const TITLE = 'Kunming road collapse 昆明某路段塌陷';
let archive: ArchiveTestApp;
let app: INestApplication;
let signer: TokenSigner;
let dir: string;
/** The auditor's verifier, loaded by path: a tool is not a library the app may import (module boundaries). */
type Verifier = typeof import('../../../../tools/audit/case-file');
let verifyCaseFile: Verifier['verifyCaseFile'];
let untar: Verifier['untar'];

async function token(role: Grant['role'], orgUnit = unit): Promise<string> {
  return signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

async function exportCase(caseId: string, role: Grant['role'] = 'auditor', orgUnit = unit) {
  return request(app.getHttpServer())
    .get(`/api/archive/cases/${caseId}/export`)
    .set('authorization', `Bearer ${await token(role, orgUnit)}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** A case with a detection, a grade, a flash report and hostile text in a summary. */
async function aCase(): Promise<string> {
  const incidentId = uuidv7();
  const at = (minutes: number): Date => new Date(Date.UTC(2026, 11, 7, 2, minutes));
  await fileEvents(app, incidentId, unit, [
    sourceEvent(
      'ingestion.IncidentDetected',
      {
        incidentId,
        title: TITLE,
        itemIds: [uuidv7()],
        detectedAt: at(0).toISOString(),
        ruleSetVersion: 'clustering@test',
      },
      at(0),
    ),
    sourceEvent(
      'grading.GradeConfirmed',
      {
        incidentId,
        grade: { level: 'level-2', exceptional: false },
        reason: '省级媒体转载\u202e<script>',
        ruleSetVersion: 'grading@test',
      },
      at(5),
    ),
    sourceEvent(
      'reporting.FlashReportSent',
      {
        incidentId,
        reportId: uuidv7(),
        obligationId: uuidv7(),
        method: 'phone',
        recipientOrgUnitId: 'cn.yn.km',
        summary: '电话快报：已到场处置',
      },
      at(20),
    ),
  ]);
  return incidentId;
}

/** The archive with the byte at `offset` of the named file changed. */
function flipped(archive: Buffer, name: string, find: (content: Buffer) => number): Buffer {
  const copy = Buffer.from(archive);
  const content = untar(copy).get(name)!;
  const offset = content.byteOffset - copy.byteOffset + find(content);
  copy[offset] = copy[offset]! ^ 0x20;
  return copy;
}

beforeAll(async () => {
  archive = await startArchive(schema);
  ({ app, signer } = archive);
  ({ verifyCaseFile, untar } = (await import(path.join(ROOT, 'tools/audit/case-file'))) as Verifier);
  dir = await mkdtemp(path.join(tmpdir(), 'case-export-'));
}, 60_000);

afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('exporting a case file', () => {
  it('gives an archive of the PDF, every event with its chain fields and a manifest, which verifies offline', async () => {
    const caseId = await aCase();
    const answer = await exportCase(caseId);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-tar');
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="case-${caseId}.tar"`);
    const archive = answer.body as Buffer;

    const files = untar(archive);
    expect([...files.keys()]).toEqual(['manifest.json', 'case.pdf', 'events.jsonl']);
    // Lines joined: where the layout wraps is not the point.
    const pdf = (await pdfText(files.get('case.pdf')!)).replace(/\n/g, '');
    // Every entry in order, with its kind, Beijing time and the event it came from; hostile controls stripped.
    for (const part of [
      '【立卷】',
      '【发现事件】',
      '2026年12月7日 10:00',
      '【定级】',
      '省级媒体转载',
      '【报送】',
      '电话快报',
      '【调阅（导出）】',
      'auditor-1',
    ])
      expect(pdf).toContain(part);
    expect(pdf.indexOf('【发现事件】')).toBeLessThan(pdf.indexOf('【报送】'));
    expect(pdf).toMatch(/来源：grading · grading-incident-[0-9a-f-]+ 第1位/);
    expect(pdf).not.toContain('\u202e');
    const events = files
      .get('events.jsonl')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Opened, three entries, and this export's own record (第三十条), each with the fields the chain hashes.
    expect(events.map((e) => e.eventType)).toEqual([
      'archive.CaseOpened',
      'archive.CaseEntryFiled',
      'archive.CaseEntryFiled',
      'archive.CaseEntryFiled',
      'archive.CaseFileAccessed',
    ]);
    expect(JSON.parse(events[4].dataText)).toEqual({ caseId, purpose: 'export' });
    expect(JSON.parse(events[4].metadataText).actor).toMatchObject({ kind: 'user', id: 'auditor-1' });
    expect(Object.keys(events[0]).sort()).toEqual(
      [
        'dataText',
        'eventId',
        'eventType',
        'hash',
        'metadataText',
        'prevHash',
        'recordedAtMicros',
        'schemaVersion',
        'streamId',
        'streamPosition',
      ].sort(),
    );

    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      format: 'yuqing.archive.case-file/1',
      caseId,
      streamId: `archive-case-${caseId}`,
      orgUnit: unit,
      exporter: { kind: 'user', id: 'auditor-1', role: 'auditor' },
      policyVersion: 'archive-rules@2026-12',
      events: 5,
      head: { position: 5, hash: events[4].hash },
    });
    // The head is the live store's: the export matches the database an auditor can also check.
    const live = await app.get(PostgresEventStore).readCanonicalStream(`archive-case-${caseId}`);
    expect(live.map((e) => e.hash)).toEqual(events.map((e) => e.hash));

    expect(verifyCaseFile(archive)).toMatchObject({
      ok: true,
      caseId,
      events: 5,
      headHash: events[4].hash,
      files: { 'case.pdf': 'ok', 'events.jsonl': 'ok' },
    });
  });

  it('names the altered event, or the altered PDF, when one byte changes; the command line agrees', async () => {
    const caseId = await aCase();
    const archive = (await exportCase(caseId, 'internet-office')).body as Buffer;
    const events = untar(archive)
      .get('events.jsonl')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

    // One byte of the detection's title (line 2): 'K' becomes 'k', and the JSON still parses.
    const tamperedEvent = flipped(archive, 'events.jsonl', (c) => c.indexOf('Kunming'));
    expect(verifyCaseFile(tamperedEvent)).toMatchObject({
      ok: false,
      firstFailure: {
        file: 'events.jsonl',
        line: 2,
        eventId: events[1].eventId,
        position: 2,
        reason: 'hash does not match the event: its content was altered',
      },
    });
    // A byte of a later event's hash: that event is named, not the file.
    const tamperedHash = flipped(
      archive,
      'events.jsonl',
      (c) => c.indexOf(`"hash":"${events[3].hash}"`) + 10,
    );
    expect(verifyCaseFile(tamperedHash).firstFailure).toMatchObject({ line: 4, eventId: events[3].eventId });

    const tamperedPdf = flipped(archive, 'case.pdf', (c) => Math.floor(c.length / 2));
    expect(verifyCaseFile(tamperedPdf)).toMatchObject({
      ok: false,
      files: { 'case.pdf': 'mismatch', 'events.jsonl': 'ok' },
      firstFailure: { file: 'case.pdf', reason: 'its SHA-256 does not match the manifest' },
    });

    const cli = async (content: Buffer, name: string) => {
      const file = path.join(dir, name);
      await writeFile(file, content);
      return promisify(execFile)(
        'node',
        ['-r', '@swc-node/register', 'tools/audit/verify.ts', '--case-file', file],
        { cwd: ROOT },
      ).then(
        ({ stdout }) => ({ code: 0, out: JSON.parse(stdout) }),
        (error: { code: number; stdout: string }) => ({
          code: error.code,
          out: error.stdout ? JSON.parse(error.stdout) : undefined,
        }),
      );
    };
    expect(await cli(archive, 'intact.tar')).toMatchObject({ code: 0, out: { ok: true, caseId, events: 5 } });
    expect(await cli(tamperedEvent, 'tampered.tar')).toMatchObject({
      code: 1,
      out: { ok: false, firstFailure: { line: 2, eventId: events[1].eventId, position: 2 } },
    });
  }, 60_000);

  it('is confidential: refused outside the role and unit, 404 for an unknown case', async () => {
    const caseId = await aCase();
    expect((await exportCase(caseId, 'monitor')).status).toBe(403);
    expect((await exportCase(caseId, 'internet-office', 'cn.yn.qj')).status).toBe(403);
    expect((await exportCase(uuidv7(), 'internet-office')).status).toBe(404);
  });
});

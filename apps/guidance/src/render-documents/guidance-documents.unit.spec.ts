import {
  ReleaseApproved,
  ReleasePrepared,
  ReleasePublished,
  ResponseGradeNoted,
  WordingApproved,
  WordingDrafted,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { renderDocx, renderPdf, resolveFonts } from '@yuqing/documents';
import { docxEntries, pdfText } from '@yuqing/documents/testing';
import {
  GUIDANCE_DOCUMENT_LIMITS,
  pressReleaseOutline,
  situationStatementOutline,
} from './guidance-documents';
import { approvedWording, foldIncident } from './incident-record';

// A PDF embeds subsets of 16–21 MB CJK fonts: about a second alone, several when two Jest workers share two
// cores. Five seconds (Jest's default) would fail a correct render on a loaded machine.
jest.setTimeout(30_000);

const INCIDENT = '0193a1b2-0000-7000-8000-0000000000c1';
const WORDING = '0193a1b2-0000-7000-8000-0000000000c2';
const RELEASE = '0193a1b2-0000-7000-8000-0000000000c3';
const HOSTILE = '<script>alert("x")</script>&\u202E反转';
const NOW = new Date('2026-11-20T04:00:00Z');

function recorded(events: readonly NewEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    eventId: `0193a1b2-0000-7000-8000-0000000001${String(i).padStart(2, '0')}`,
    type: e.type,
    schemaVersion: 1,
    streamId: `guidance-response-${INCIDENT}`,
    streamPosition: i + 1,
    globalPosition: String(i + 1),
    transactionId: String(i + 1),
    data: e.data,
    metadata: { orgUnit: 'cn.yn.km.yl', actor: { kind: 'user', id: 'u1' }, correlationId: INCIDENT },
    recordedAt: new Date(NOW.getTime() - (10 - i) * 60_000),
  }));
}

function stream(wordingText: string, fact: string) {
  return recorded([
    ResponseGradeNoted.create({
      incidentId: INCIDENT,
      grade: { level: 'level-3', exceptional: false },
      gradedBy: 'confirmed',
      gradeEventId: 'g-1',
    }),
    WordingDrafted.create({
      incidentId: INCIDENT,
      wordingId: WORDING,
      version: 1,
      facts: [{ statement: fact, source: { kind: 'verification', eventId: 'v-1' } }],
      figures: [{ name: '受损车辆', value: 2, unit: '辆' }],
      text: wordingText,
      outlet: { name: '宜良县交通运输局', channel: '宜良交通 政务微博' },
      statesCause: false,
      characterises: false,
    }),
    WordingApproved.create({
      incidentId: INCIDENT,
      wordingId: WORDING,
      version: 1,
      approvedAs: 'department-supervising-leader',
      level: 'level-3',
      ruleSetVersion: 'guidance-rules@1',
    }),
    ReleasePrepared.create({
      incidentId: INCIDENT,
      releaseId: RELEASE,
      kind: 'weibo-post',
      channel: '宜良交通 政务微博',
      wordingId: WORDING,
      wordingVersion: 1,
      text: '路面塌陷已围挡抢修。',
      figures: [{ name: '受损车辆', value: 2, unit: '辆' }],
      requiredApprovers: ['department-supervising-leader'],
    }),
    ReleaseApproved.create({
      incidentId: INCIDENT,
      releaseId: RELEASE,
      approvedAs: 'department-supervising-leader',
      level: 'level-3',
      ruleSetVersion: 'guidance-rules@1',
    }),
    ReleasePublished.create({
      incidentId: INCIDENT,
      releaseId: RELEASE,
      kind: 'weibo-post',
      channel: '宜良交通 政务微博',
      url: 'https://weibo.com/yiliangjiaotong/5012345678',
      publishedAt: '2026-11-20T11:50:00+08:00',
      text: '路面塌陷已围挡抢修。',
      wordingId: WORDING,
      wordingVersion: 1,
    }),
  ]);
}

describe('the press release (新闻通稿)', () => {
  it('states the facts, figures, wording and outlet of the approved version, in a PDF that reads back', async () => {
    const record = foldIncident(
      INCIDENT,
      stream('路面塌陷已围挡，正在抢修，预计三日内恢复通行。', '11月20日上午某路段路面塌陷。'),
    );
    const wording = approvedWording(record!);
    const text = await pdfText(await renderPdf(pressReleaseOutline(wording!, NOW), resolveFonts()));
    for (const expected of [
      '新闻通稿',
      '宜良县交通运输局',
      '11月20日上午某路段路面塌陷',
      '受损车辆',
      '预计三日内恢复通行',
      '部门分管领导',
    ])
      expect(text).toContain(expected);
  });

  it('escapes markup and strips control and bidi characters; bounds very long wording', async () => {
    const long = `${HOSTILE}${'口'.repeat(9_900)}`;
    const record = foldIncident(INCIDENT, stream(long, HOSTILE));
    const outline = pressReleaseOutline(approvedWording(record!)!, NOW);
    const documentXml = docxEntries(await renderDocx(outline))['word/document.xml'] ?? '';
    expect(documentXml).not.toContain('<script>');
    expect(documentXml).toContain('&lt;script&gt;');
    expect(documentXml).not.toMatch(/\u202E/);
    const wordingText = JSON.stringify(outline.blocks).match(/口+…?/g) ?? [];
    expect(Math.max(...wordingText.map((s) => Array.from(s).length))).toBeLessThanOrEqual(
      GUIDANCE_DOCUMENT_LIMITS.wording,
    );
  });

  it('is made only from an approved version', () => {
    const record = foldIncident(INCIDENT, stream('口径', '事实').slice(0, 2));
    expect(approvedWording(record!)).toBeUndefined();
    expect(approvedWording(foldIncident(INCIDENT, stream('口径', '事实'))!, { version: 2 })).toBeUndefined();
  });
});

describe('the situation statement (情况通报)', () => {
  it('tells what happened, what was done and the releases made', async () => {
    const record = foldIncident(INCIDENT, stream('口径正文。', '11月20日上午某路段路面塌陷。'))!;
    const outline = situationStatementOutline(record, approvedWording(record), NOW);
    const text = await pdfText(await renderPdf(outline, resolveFonts()));
    for (const expected of [
      '情况通报',
      '三级',
      '基本情况',
      '11月20日上午某路段路面塌陷',
      '处置情况',
      '审核通过口径',
      '对外发布',
      '信息发布情况',
      '政务微博',
    ])
      expect(text).toContain(expected);
    const docx = docxEntries(await renderDocx(outline))['word/document.xml'] ?? '';
    expect(docx).toContain('https://weibo.com/yiliangjiaotong/5012345678');
  });
});

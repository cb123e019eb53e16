import mammoth from 'mammoth';
import { dailyDigest } from '../testing/fixtures';
import { pdfText } from '../testing/read-back';
import { digestText, renderDigestDocx, renderDigestPdf } from './digest';
import { parseDigest } from './digest.model';
import { summariseDigest } from './digest.summary';

// A PDF embeds subsets of 16–21 MB CJK fonts: about a second alone, several when two Jest workers share two
// cores. Five seconds (Jest's default) would fail a correct render on a loaded machine.
jest.setTimeout(30_000);

describe('the digest (日报 / 周报)', () => {
  const summary = summariseDigest(parseDigest(dailyDigest));

  it('counts incidents detected within the period by grade, and those before it as carried over', () => {
    expect(summary.newIncidents.map((i) => i.incidentId)).toEqual(['A', 'B', 'C', 'E']);
    expect(summary.byGrade).toEqual({
      exceptional: 1,
      'level-1': 1,
      'level-2': 1,
      'level-3': 0,
      ungraded: 1,
    });
    expect(summary.carriedOver).toBe(1);
  });

  it('counts an incident under each of its categories once, most frequent first', () => {
    expect(summary.byCategory).toEqual([
      { category: 'livelihood', count: 2 },
      { category: 'social-stability', count: 1 },
      { category: 'social-governance', count: 1 },
      { category: 'uncategorised', count: 1 },
    ]);
  });

  it('classifies obligations as of the end of the period', () => {
    expect(summary.obligations).toEqual({ total: 6, 'on-time': 1, late: 1, overdue: 3, pending: 1 });
    // A report made after the period ends was still outstanding in it; the oldest deadline comes first.
    expect(summary.overdue.map((o) => o.obligationId)).toEqual(['o8', 'o3', 'o5']);
  });

  it('reads as text with the counts and the overdue reports', () => {
    const text = digestText(dailyDigest);
    expect(text).toContain('2026年11月25日舆情日报');
    expect(text).toContain(
      '本期新增舆情4件，其中特别重大1件、一级1件、二级1件、三级0件、未定级1件；往期延续1件。',
    );
    expect(text).toContain('本期应报送6项：按时报送1项，迟报1项，逾期未报3项，未到期1项。');
    expect(text).toContain('民生民利 | 2');
    expect(text).toContain('1 | 11月25日08:10 | 盘溪镇公路塌方 | 二级 | 民生民利、社会治理');
    expect(text).toContain('逾期未报：舆情B，书面快报（1小时内），时限2026年11月25日 13:00');
    expect(text).toContain('五、重点关注');
  });

  it('names a week by its first and last day', () => {
    const weekly = digestText({
      ...dailyDigest,
      kind: 'weekly',
      period: { from: '2026-11-23T00:00:00+08:00', to: '2026-11-30T00:00:00+08:00' },
    });
    expect(weekly).toContain('2026年11月23日至11月29日舆情周报');
  });

  it('refuses a period that ends before it starts', () => {
    expect(() =>
      digestText({ ...dailyDigest, period: { from: dailyDigest.period.to, to: dailyDigest.period.from } }),
    ).toThrow('invalid digest: period.to: the period must end after it starts');
  });

  it('prints as PDF and DOCX with the same counts', async () => {
    const [pdf, docx] = await Promise.all([renderDigestPdf(dailyDigest), renderDigestDocx(dailyDigest)]);
    const text = await pdfText(pdf);
    expect(text).toContain('2026年11月25日舆情日报');
    expect(text).toContain('逾期未报3项');
    expect(text).toContain('盘溪镇公路塌方');
    const { value } = await mammoth.extractRawText({ buffer: docx });
    expect(value).toContain('逾期未报3项');
    expect(value).toContain('盘溪镇公路塌方');
  });
});

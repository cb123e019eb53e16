import { FINDING_KINDS } from '@yuqing/contracts';
import { cleanLine, cleanText, formatDate, type Outline } from '@yuqing/documents';
import { periodName } from '@yuqing/review-domain';
import type { FindingRow } from '../read-models/findings/findings.read-model';
import type { NoticeRow } from '../read-models/notices/notices.read-model';

/**
 * The 通报 (第二十八条: 进行通报处理) in the official layout: who issued it, the period, and one row per confirmed
 * finding naming the department, what it did, the article it falls under and what happened; then the consequence
 * the article attaches (不得评为优秀等次). Finding summaries quote captured titles: cleaned and bounded here.
 */
export function noticeOutline(
  notice: NoticeRow,
  findings: readonly FindingRow[],
  names: ReadonlyMap<string, string>,
): Outline {
  const nameOf = (unit: string) => names.get(unit) ?? unit;
  const issuer = nameOf(notice.orgUnit);
  const departments = [...new Set(findings.map((f) => nameOf(f.orgUnit)))];
  return {
    info: {
      title: notice.title,
      author: issuer,
      subject: `${periodName(notice.period)}网络舆情工作考评通报`,
      createdAt: notice.issuedAt,
    },
    blocks: [
      { kind: 'title', text: notice.title, subtitle: notice.documentNumber },
      {
        kind: 'fields',
        items: [
          { label: '发文单位', value: cleanLine(issuer, 100) },
          { label: '考评周期', value: periodName(notice.period) },
          { label: '日期', value: formatDate(notice.issuedAt) },
        ],
      },
      {
        kind: 'paragraphs',
        texts: [
          `依据网络舆情处置工作办法第二十八条、第二十九条，${cleanLine(issuer, 100)}会同有关部门对${periodName(notice.period)}` +
            `网络舆情工作进行了考评，经认定，有关单位存在以下问题，现予以通报。`,
        ],
      },
      { kind: 'heading', text: '一、通报事项' },
      {
        kind: 'table',
        columns: [
          { header: '序号', width: 0.08, align: 'center' },
          { header: '单位', width: 0.2 },
          { header: '问题', width: 0.14 },
          { header: '依据', width: 0.12 },
          { header: '情况', width: 0.46 },
        ],
        rows: findings.map((f, index) => [
          String(index + 1),
          cleanLine(nameOf(f.orgUnit), 100),
          FINDING_KINDS[f.kind],
          '第二十八条',
          cleanText(f.summary, 600),
        ]),
      },
      { kind: 'heading', text: '二、处理意见' },
      {
        kind: 'paragraphs',
        texts: [
          `${departments.map((d) => cleanLine(d, 100)).join('、')}及有关当事人本考评周期不得评为优秀等次；` +
            '请各单位认真整改，举一反三，严格落实舆情报送、处置和信息发布各项要求。',
        ],
      },
      {
        kind: 'colophon',
        reportTo: [],
        copyTo: [],
        office: cleanLine(issuer, 100),
        printed: `${formatDate(notice.issuedAt)}印发`,
      },
    ],
  };
}

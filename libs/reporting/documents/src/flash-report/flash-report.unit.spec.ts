import { codePointLength } from '../text/clean';
import { flashReport } from '../testing/fixtures';
import { pdfText } from '../testing/read-back';
import { FLASH_REPORT_SHORT_MAX, flashReportText, renderFlashReportPdf } from './flash-report';
import type { FlashReport } from './flash-report.model';

// A PDF embeds subsets of 16–21 MB CJK fonts: about a second alone, several when two Jest workers share two
// cores. Five seconds (Jest's default) would fail a correct render on a loaded machine.
jest.setTimeout(30_000);

describe('the flash report (快报)', () => {
  it('reads as one SMS-ready message with the facts, the measures and the deadline', () => {
    expect(flashReportText(flashReport, { form: 'short' })).toBe(
      '【舆情快报】华宁公路分局党总支报玉溪公路局主要领导：11月25日09:40，华宁县盘溪镇S305线K12处，' +
        '华宁生活圈（微博）发布“网传盘溪镇公路塌方致多车被困”。' +
        '微博账号“华宁生活圈”发布视频称该路段山体塌方，多辆车辆被困，暂无人员伤亡报告。' +
        '传播：已被云南网转载；阅读12.5万、转发1230、评论860。' +
        '已采取措施：养护人员已赶赴现场；已设置警示标志并实施交通管制。' +
        '级别：一级（重大）。报送时限11月25日10:10。联系人：张晓明 0877-5012345',
    );
  });

  it('cuts the long parts, not the deadline, to stay within 500 characters', () => {
    const long: FlashReport = {
      ...flashReport,
      title: '标题'.repeat(200),
      whatHappened: '情况'.repeat(2000),
      measures: Array.from({ length: 10 }, (_, i) => `措施${i}`.repeat(40)),
      spread: { description: '传播'.repeat(300) },
    };
    const sms = flashReportText(long, { form: 'short' });
    expect(codePointLength(sms)).toBeLessThanOrEqual(FLASH_REPORT_SHORT_MAX);
    expect(codePointLength(sms)).toBeGreaterThan(FLASH_REPORT_SHORT_MAX - 10);
    expect(sms).toContain('报送时限11月25日10:10。');
    expect(sms).toContain('级别：一级（重大）。');
    expect(sms).toContain('联系人：张晓明 0877-5012345');
    expect(sms).toContain('…');
  });

  it('counts characters, not UTF-16 units, and drops control characters', () => {
    const sms = flashReportText(
      { ...flashReport, whatHappened: '𠮷'.repeat(3000) + '\u0007\u001b' },
      { form: 'short' },
    );
    expect(codePointLength(sms)).toBeLessThanOrEqual(FLASH_REPORT_SHORT_MAX);
    expect(sms.length).toBeGreaterThan(FLASH_REPORT_SHORT_MAX);
    expect(sms).not.toMatch(/[\u0000-\u001f]/);
  });

  it('has a full form for the phone and the paper version', () => {
    const full = flashReportText(flashReport);
    expect(full).toContain('舆情快报');
    expect(full).toContain('报送时限：2026年11月25日 10:10前');
    expect(full).toContain('报送时间：2026年11月25日 10:02');
    expect(full).toContain('信息来源：华宁生活圈（微博），2026年11月25日 09:38发布');
    expect(full).toContain('二、传播情况');
    expect(full).toContain('1. 养护人员已赶赴现场');
  });

  it('names who sent it and who took it by name, post and unit, and leaves them out when unknown', () => {
    const full = flashReportText({
      ...flashReport,
      sentBy: { name: '张晓明', post: '办公室主任', unit: '华宁公路分局' },
      receivedBy: { name: '李卫', post: '局长', unit: '玉溪公路局' },
    });
    expect(full).toContain('报送人：张晓明（办公室主任，华宁公路分局）');
    expect(full).toContain('接报人：李卫（局长，玉溪公路局）');
    expect(flashReportText(flashReport)).not.toMatch(/报送人|接报人/);
  });

  it('prints on paper with the title and the deadline', async () => {
    const text = await pdfText(await renderFlashReportPdf(flashReport));
    expect(text).toContain('网传盘溪镇公路塌方致多车被困');
    expect(text).toContain('报送时限：2026年11月25日 10:10前');
  });
});

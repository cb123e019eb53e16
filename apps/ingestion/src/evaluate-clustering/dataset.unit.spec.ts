import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CaptureItem } from '@yuqing/contracts';

// The labelled set that `npm run eval:clustering` scores clustering on: it must stay a fair test. Every report is
// an item the capture API accepts; ids and addresses are unique; each event's reports come in order within 60
// hours; look-alikes name the event they imitate; and the set is as large as the clustering goal demands.
interface Report {
  reportId: string;
  url: string;
  publishedAt: string;
  title: string;
  text: string;
  [field: string]: unknown;
}
interface LabelledEvent {
  eventId: string;
  distractorOf?: string;
  reports: Report[];
}

const file = path.join(__dirname, '../../../../tools/eval/clustering/dataset.json');
const dataset = JSON.parse(readFileSync(file, 'utf8')) as { provenance: string; events: LabelledEvent[] };
const reports = dataset.events.flatMap((e) => e.reports);

describe('the labelled clustering set', () => {
  it('has at least 40 events of 3 to 10 reports and look-alikes of them', () => {
    const main = dataset.events.filter((e) => !e.distractorOf);
    expect(main.length).toBeGreaterThanOrEqual(40);
    for (const event of main) {
      expect(event.reports.length).toBeGreaterThanOrEqual(3);
      expect(event.reports.length).toBeLessThanOrEqual(10);
    }
    const ids = new Set(main.map((e) => e.eventId));
    const lookAlikes = dataset.events.filter((e) => e.distractorOf);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(20);
    for (const event of lookAlikes) expect(ids.has(event.distractorOf!)).toBe(true);
    expect(dataset.provenance.length).toBeGreaterThan(100);
  });

  it('holds only reports the capture API accepts, each once', () => {
    for (const report of reports) {
      const { reportId: _id, style: _style, ...item } = report;
      expect(() => CaptureItem.parse({ ...item, captureMethod: 'manual' })).not.toThrow();
    }
    expect(new Set(reports.map((r) => r.reportId)).size).toBe(reports.length);
    expect(new Set(reports.map((r) => r.url)).size).toBe(reports.length);
  });

  it('keeps each event’s reports in order within 60 hours of its first', () => {
    for (const event of dataset.events) {
      const times = event.reports.map((r) => Date.parse(r.publishedAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(60 * 3_600_000);
    }
  });
});

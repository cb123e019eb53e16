import request from 'supertest';
import { reviewStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { uniqueName } from '@yuqing/testing';
import { findingIdOf } from '../record-facts/fact-recorder';
import { startReview, type ReviewTestApp } from '../testing/review-app';

// What `npm start` shows of the review: 宜良县's paper flash report of 30 September, 12 minutes late, found as a 迟报,
// confirmed by the city's network office, and 2026-Q3 rated with 宜良县 barred from 优秀. Loaded once: a restart
// on the same schema adds nothing.

const CITY = 'cn.yn.km';
const COUNTY = 'cn.yn.km.yl';
const DEMO_FINDING = findingIdOf({ kind: 'late-report', subject: 'obligation:demo-yl-bridge-paper-flash' });

let first: ReviewTestApp | undefined;
let again: ReviewTestApp | undefined;

afterAll(async () => {
  await first?.app.close();
  await again?.close();
});

it('shows a confirmed 迟报 of 宜良县 and the quarter’s rating that bars it from 优秀; a restart adds nothing', async () => {
  const schema = uniqueName('review_demo');
  first = await startReview(schema, { YUQING_DEMO: '1' });
  const city = `Bearer ${await first.token('internet-office', CITY, 'km.wxb')}`;

  const finding = await request(first.app.getHttpServer())
    .get(`/api/review/findings/${DEMO_FINDING}`)
    .set('authorization', city);
  expect(finding.status).toBe(200);
  expect(finding.body).toEqual(
    expect.objectContaining({
      kind: 'late-report',
      orgUnit: COUNTY,
      personId: 'yl.wxb',
      severity: 'serious',
      period: '2026-Q3',
      status: 'confirmed',
    }),
  );
  expect(finding.body.summary).toContain('迟报 12 分钟');

  const rating = await request(first.app.getHttpServer())
    .get(`/api/review/ratings/${COUNTY}/2026-Q3`)
    .set('authorization', city);
  expect(rating.status).toBe(200);
  expect(rating.body).toEqual(
    expect.objectContaining({
      excellentBarred: true,
      score: 95,
      rating: 'qualified',
      barredPersonIds: ['yl.wxb'],
    }),
  );
  expect(rating.body.lines).toEqual([
    expect.objectContaining({ findingId: DEMO_FINDING, status: 'confirmed', points: 5, bars: true }),
  ]);

  const stream = reviewStreams.finding.id(DEMO_FINDING);
  const before = await first.app.get(PostgresEventStore).readStream(stream);
  await first.app.close();
  again = await startReview(schema, { YUQING_DEMO: '1' });
  first = undefined;
  expect(await again.app.get(PostgresEventStore).readStream(stream)).toHaveLength(before.length);
});

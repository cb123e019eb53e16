import request from 'supertest';
import { uuidv7 } from '@yuqing/event-store';
import { deliverFact } from '../testing/facts';
import { startReview, type ReviewTestApp } from '../testing/review-app';
import { findingIdOf } from './fact-recorder';

// 上级先于本级发现 whichever way the review reads it. The higher unit's capture and the transfer down are events of
// two ingestion streams, on two partitions read independently: after an outage, or with one consumer behind, the
// review may record the transfer first. The finding, its evidence (the higher unit's own capture) and the
// recomputation must not depend on that order.

const CITY = `cn.yn.h${uuidv7().slice(-8)}`; // the higher unit: it captured the post and transferred it down
const COUNTY = `${CITY}.yl`; // the unit below, which had captured nothing of it
const QUARTER = '2026-Q1';
/** 09:00 Beijing time on 12 Jan 2026; minutes from here. */
const T0 = Date.parse('2026-01-12T09:00:00+08:00');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let review: ReviewTestApp;

beforeAll(async () => {
  review = await startReview();
}, 60_000);

afterAll(async () => {
  await review?.close();
});

interface Story {
  readonly url: string;
  readonly countyItemId: string;
  readonly events: { captured: string; transferred: string; detected: string };
}

function story(): Story {
  return {
    url: `https://bbs.example.cn/thread/${uuidv7().slice(-12)}`,
    countyItemId: uuidv7(),
    events: { captured: uuidv7(), transferred: uuidv7(), detected: uuidv7() },
  };
}

/** The city captures the post at 09:00. */
const captureAbove = (s: Story) =>
  deliverFact(
    review.app,
    'ingestion.ItemCaptured',
    {
      itemId: uuidv7(),
      url: s.url,
      platform: 'forum',
      reachTier: 'city-site',
      outlet: '某市论坛',
      title: '某某镇连续三天停水，何时恢复？',
      text: '某某镇部分小区自周一起停水，希望有关部门尽快回应。',
      captureMethod: 'crawler',
      capturedAt: at(0).toISOString(),
      contentHash: 'a'.repeat(64),
      canonicalUrl: s.url,
      fingerprint: '0f3a9c2b7d4e1a65',
      matchedRules: [],
      matchedTerms: ['停水'],
      sentiment: { polarity: 'negative', score: -0.4, decidingWords: [] },
    },
    CITY,
    { time: at(0), eventId: s.events.captured },
  );

/** At 11:00, past the 60 minutes' grace, it transfers the post down; the county's ingestion makes it an incident. */
async function transferDown(s: Story): Promise<string> {
  const incidentId = uuidv7();
  await deliverFact(
    review.app,
    'ingestion.ItemTransferredIn',
    {
      itemId: s.countyItemId,
      fromOrgUnitId: CITY,
      transferReference: `ZB-${s.countyItemId.slice(-6)}`,
      url: s.url,
      title: '某某镇连续三天停水',
      transferredAt: at(120).toISOString(),
      respondBy: at(24 * 60).toISOString(),
    },
    COUNTY,
    { time: at(120), eventId: s.events.transferred },
  );
  await deliverFact(
    review.app,
    'ingestion.IncidentDetected',
    { incidentId, title: '某某镇停水', itemIds: [s.countyItemId], detectedAt: at(120).toISOString() },
    COUNTY,
    { time: at(120), eventId: s.events.detected },
  );
  return incidentId;
}

async function finding(s: Story): Promise<request.Response> {
  const findingId = findingIdOf({ kind: 'missed-report', subject: `higher-first:${s.countyItemId}` });
  return request(review.app.getHttpServer())
    .get(`/api/review/findings/${findingId}`)
    .set('authorization', `Bearer ${await review.token('auditor', CITY)}`);
}

/** The county's 漏报: the city found it at 09:00; the evidence is the city's capture, the transfer, the incident. */
async function expectFoundFirstAbove(s: Story, incidentId: string): Promise<void> {
  const found = await finding(s);
  expect(found.status).toBe(200);
  expect(found.body).toMatchObject({ kind: 'missed-report', incidentId, orgUnit: COUNTY });
  expect(found.body.summary).toContain(`上级（${CITY}）于 2026-01-12 09:00`);
  expect((found.body.evidence as { eventId: string }[]).map((e) => e.eventId)).toEqual([
    s.events.captured,
    s.events.transferred,
    s.events.detected,
  ]);
}

it('finds it when the review records the higher unit’s capture before the transfer', async () => {
  const s = story();
  await captureAbove(s);
  const incidentId = await transferDown(s);
  await expectFoundFirstAbove(s, incidentId);
});

it('finds the same when it records the capture after the transfer, and recomputes the quarter to it', async () => {
  const s = story();
  const incidentId = await transferDown(s);
  // Nothing yet: without the higher unit's capture, the transfer is the earliest it can have found it.
  expect((await finding(s)).status).toBe(404);
  await captureAbove(s);
  await expectFoundFirstAbove(s, incidentId);
  // A delivery again records nothing more.
  expect(await captureAbove(s)).toBe(false);

  const recomputed = await request(review.app.getHttpServer())
    .get(`/api/review/periods/${QUARTER}/recompute?orgUnit=${CITY}`)
    .set('authorization', `Bearer ${await review.token('auditor', CITY)}`);
  expect(recomputed.status).toBe(200);
  expect(recomputed.body.findings).toMatchObject({ equal: true, differences: [] });
  expect(recomputed.body.findings.recorded).toBeGreaterThanOrEqual(1);
  expect(recomputed.body.findings.recomputed).toBe(recomputed.body.findings.recorded);
});

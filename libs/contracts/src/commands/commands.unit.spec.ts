import { eventExamples } from '../events/event-examples.fixtures';
import { ConfirmGrade } from './grading.commands';
import { CaptureItem } from './ingestion.commands';
import { SignOffBulletin } from './reporting.commands';

describe('public commands', () => {
  // What a crawler sends: the captured item without the ids, hash and times the service assigns.
  const {
    itemId: _i,
    capturedAt: _c,
    contentHash: _h,
    matchedRules: _m,
    canonicalUrl: _u,
    fingerprint: _f,
    matchedTerms: _t,
    sentiment: _s,
    ...capture
  } = eventExamples['ingestion.ItemCaptured'];

  it('accepts an item to capture as a crawler sends it', () => {
    expect(CaptureItem.parse(capture)).toEqual(capture);
  });

  it('refuses a field the service assigns itself, naming it', () => {
    expect(() => CaptureItem.parse({ ...capture, itemId: 'chosen-by-caller' })).toThrow(
      'ingestion.CaptureItem v1: invalid data: itemId: is not a known field',
    );
  });

  it('refuses a ConfirmGrade with an unknown level, naming `grade.level`', () => {
    const result = ConfirmGrade.safeParse({
      incidentId: 'inc-1',
      proposalId: 'prop-1',
      grade: { level: 'level-0', exceptional: false },
    });
    expect(result.success ? [] : result.error.issues.map((i) => i.path)).toEqual(['grade.level']);
  });

  it('refuses a sign-off without its instructions (批示)', () => {
    const result = SignOffBulletin.safeParse({
      bulletinId: 'bul-1',
      signedOffAt: '2026-11-20T11:00:00+08:00',
    });
    expect(result.success ? [] : result.error.issues.map((i) => i.path)).toEqual(['instructions']);
  });
});

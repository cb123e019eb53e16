import { requestHash } from './idempotency';

describe('requestHash', () => {
  const request = {
    type: 'grading.ConfirmGrade',
    schemaVersion: 1,
    payload: { incidentId: 'i-1', proposalId: 'p-1', grade: { level: 'level-3', exceptional: false } },
    expectedVersion: undefined,
  };

  it('is the same for the same request whatever the order of its fields', () => {
    const reordered = {
      expectedVersion: undefined,
      payload: { grade: { exceptional: false, level: 'level-3' }, proposalId: 'p-1', incidentId: 'i-1' },
      schemaVersion: 1,
      type: 'grading.ConfirmGrade',
    };
    expect(requestHash(reordered).equals(requestHash(request))).toBe(true);
  });

  it('differs when the payload, the command type or the If-Match version differs', () => {
    const base = requestHash(request);
    expect(requestHash({ ...request, payload: { ...request.payload, note: '改' } }).equals(base)).toBe(false);
    expect(requestHash({ ...request, type: 'grading.OverrideGrade' }).equals(base)).toBe(false);
    expect(requestHash({ ...request, expectedVersion: 3 }).equals(base)).toBe(false);
  });
});

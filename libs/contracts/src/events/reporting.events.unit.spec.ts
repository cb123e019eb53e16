import { eventExamples } from './event-examples.fixtures';
import { BulletinSignedOff, NotificationFailed, ReportingObligationOpened } from './reporting.events';

describe('reporting events', () => {
  it('accepts a phone flash obligation due 30 minutes after the opinion arose', () => {
    const opened = eventExamples['reporting.ReportingObligationOpened'];
    expect(ReportingObligationOpened.parse(opened)).toMatchObject({
      kind: 'phone-flash',
      dueAt: opened.dueAt,
    });
  });

  it('rejects a deadline without an offset, naming `dueAt`', () => {
    const opened = eventExamples['reporting.ReportingObligationOpened'];
    expect(() => ReportingObligationOpened.parse({ ...opened, dueAt: '2026-11-20 08:45' })).toThrow(
      /: dueAt: Invalid ISO datetime$/,
    );
  });

  it('requires the instructions (批示) of a sign-off, within bounds', () => {
    const signedOff = eventExamples['reporting.BulletinSignedOff'];
    expect(BulletinSignedOff.safeParse(signedOff).success).toBe(true);
    expect(() => BulletinSignedOff.parse({ ...signedOff, instructions: '' })).toThrow(
      /: instructions: Too small/,
    );
    expect(() => BulletinSignedOff.parse({ ...signedOff, instructions: '批'.repeat(4001) })).toThrow(
      /: instructions: Too big/,
    );
  });

  it('requires the next attempt time of a failed notification that will be retried', () => {
    const failed = eventExamples['reporting.NotificationFailed'];
    expect(NotificationFailed.safeParse(failed).success).toBe(true);
    expect(
      NotificationFailed.safeParse({ ...failed, willRetry: false, nextAttemptAt: undefined }).success,
    ).toBe(true);
    expect(() => NotificationFailed.parse({ ...failed, nextAttemptAt: undefined })).toThrow(
      /: nextAttemptAt: is required when willRetry is true$/,
    );
  });
});

import { gradingStreams, identityStreams, ingestionStreams, reportingStreams } from './streams';

describe('stream ids', () => {
  it('keep the ids already in the log, byte for byte', () => {
    expect(ingestionStreams.item.id('i1')).toBe('ingestion-item-i1');
    expect(ingestionStreams.watchWindow.id('w1')).toBe('ingestion-watch-window-w1');
    expect(gradingStreams.incident.id('x')).toBe('grading-incident-x');
    expect(reportingStreams.notification.id('n')).toBe('reporting-notification-n');
    expect(identityStreams.orgUnit.id('530100')).toBe('identity-orgunit-530100');
  });

  it('read the aggregate id back only from a stream of their own kind', () => {
    expect(ingestionStreams.incident.idOf('ingestion-incident-0193')).toBe('0193');
    expect(ingestionStreams.incident.idOf('ingestion-item-0193')).toBeUndefined();
    expect(gradingStreams.incident.idOf('reporting-incident-0193')).toBeUndefined();
  });
});

import { Counter, Histogram, register } from 'prom-client';

// In prom-client's default registry, which the service's /metrics endpoint serves; get-or-create so several
// dispatchers in one process (tests, several channels) share one series family.
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}
function histogram(name: string, help: string, labelNames: string[]): Histogram {
  return (
    (register.getSingleMetric(name) as Histogram | undefined) ??
    new Histogram({ name, help, labelNames, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] })
  );
}

export const notificationMetrics = {
  /** outcome: delivered | retrying | failed (final). */
  attempts: () =>
    counter('yuqing_notification_attempts_total', 'Notification attempts, by channel and outcome', [
      'channel',
      'outcome',
    ]),
  sendSeconds: () =>
    histogram('yuqing_notification_send_seconds', 'Time a channel took to accept or refuse a notification', [
      'channel',
    ]),
};

import { Counter, Gauge, register } from 'prom-client';

// Metrics live in prom-client's default registry, which a service's /metrics endpoint serves. Get-or-create,
// so several relays or consumers in one process (tests, replicas in one runtime) share one series family.
function gauge(name: string, help: string, labelNames: string[]): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames });
}
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

export const metrics = {
  relayLag: () => gauge('yuqing_relay_lag_events', 'Events stored but not yet published to Kafka', ['relay']),
  relayPublished: () =>
    counter('yuqing_relay_published_total', 'Events published to Kafka by the outbox relay', ['relay']),
  consumerLag: () =>
    gauge('yuqing_consumer_lag_messages', 'Messages behind the high watermark', [
      'group',
      'topic',
      'partition',
    ]),
  consumerHandled: () =>
    counter('yuqing_consumer_handled_total', 'Messages handled, by outcome', ['group', 'outcome']),
};

import { eventCatalogue } from '@yuqing/contracts';
import { InboxHandler, type InboxEvent } from '@yuqing/service-kit';

type Listener = (event: InboxEvent) => void;

/**
 * Every context's public events as they arrive on Kafka, fanned out in memory to the open SSE connections of this
 * instance. Live only (`delivery: 'live'`): each instance has its own group, `<prefix>.stream-<uuid>`, starting at
 * the end of each topic; payloads are parsed with their contracts and the org unit is the payload's `tenant`.
 */
@InboxHandler({ purpose: 'stream', events: eventCatalogue.all, delivery: 'live' })
export class EventHub {
  private readonly listeners = new Set<Listener>();
  private resolveReady!: () => void;
  /** Resolves once the consumer has its partitions: from then on every committed event is delivered. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.resolveReady = resolve));

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  joined(): void {
    this.resolveReady();
  }

  async handle(event: InboxEvent): Promise<void> {
    for (const listener of this.listeners) listener(event);
  }
}

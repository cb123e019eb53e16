import { lookup } from 'node:dns/promises';
import { Inject } from '@nestjs/common';
import { DomainRuleError, ingestionStreams, SourceRegistered } from '@yuqing/contracts';
import { isAllowListed } from '@yuqing/net-guard';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { IngestionConfig } from '../ingestion.config';
import { INGESTION_CONFIG } from '../ingestion.tokens';
import { isInternalAddress } from '../poll-feeds/safe-fetch';
import { RegisterSourceCommand } from './register-source.command';

/** A source (监测源) of a unit, with its reach; a feed is polled (never one inside the network, unless allow-listed). */
@HandlesCommand(RegisterSourceCommand)
export class RegisterSourceHandler implements CommandHandling<RegisterSourceCommand, { sourceId: string }> {
  constructor(@Inject(INGESTION_CONFIG) private readonly config: IngestionConfig) {}

  async handle(command: RegisterSourceCommand, tx: CommandTransaction): Promise<{ sourceId: string }> {
    const { orgUnit, ...source } = command.payload;
    if (source.feedUrl) await this.refuseInternal(source.feedUrl);
    const sourceId = tx.newId();
    await tx.append(
      ingestionStreams.source.id(sourceId),
      [SourceRegistered.create({ sourceId, ...source })],
      {
        expectedVersion: 'no_stream',
        metadata: tx.metadata({ orgUnit }),
      },
    );
    return { sourceId };
  }

  /**
   * No SSRF: a feed may not point inside the network unless an operator allow-listed its host (and port). The
   * refusal never says what the host resolved to: that would make registration a probe of the intranet's DNS.
   */
  private async refuseInternal(feedUrl: string): Promise<void> {
    const url = new URL(feedUrl);
    if (isAllowListed(url, this.config.FEED_ALLOWLIST)) return;
    let addresses: { address: string }[];
    try {
      addresses = await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true });
    } catch {
      throw new DomainRuleError(
        'ingestion.feed-host-unresolvable',
        `feed host ${url.hostname} does not resolve`,
      );
    }
    const internal = addresses.find((a) => isInternalAddress(a.address));
    if (internal) {
      throw new DomainRuleError(
        'ingestion.feed-address-internal',
        `feed host ${url.hostname} resolves to an internal address; an operator must allow-list it (FEED_ALLOWLIST)`,
      );
    }
  }
}

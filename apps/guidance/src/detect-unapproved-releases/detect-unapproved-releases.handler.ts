import { Inject } from '@nestjs/common';
import { guidanceStreams, ItemCaptured, type EventData } from '@yuqing/contracts';
import {
  accountDecider,
  canonicalAddress,
  DEFAULT_DETECTION_POLICY,
  hostOf,
  isFromAccount,
  itemTime,
  releaseWindow,
  type CapturedItem,
} from '@yuqing/guidance-domain';
import { InboxHandler, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import { OfficialAccountsReadModel } from '../read-models/official-accounts/official-accounts.read-model';
import { PublishedReleasesReadModel } from '../read-models/published-releases/published-releases.read-model';

// Releases nobody approved (第二十一条, 第二十八条): every item ingestion captures is checked against the units'
// registered official accounts; one from an account that matches no published release of the account's unit is
// recorded on the account's stream as UnapprovedReleaseDetected (the decider judges each item once per account).
// The releases are guidance's own, read in this transaction from the inline projection: a release counts from
// the moment its publication committed.

/** Checks captured items from official accounts against the releases their units approved and published. */
@InboxHandler({ purpose: 'detect-unapproved-releases', events: [ItemCaptured] })
export class DetectUnapprovedReleasesHandler {
  constructor(
    @Inject(OfficialAccountsReadModel) private readonly accounts: OfficialAccountsReadModel,
    @Inject(PublishedReleasesReadModel) private readonly releases: PublishedReleasesReadModel,
  ) {}

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const data = event.data as EventData<typeof ItemCaptured>;
    const item: CapturedItem = {
      itemId: data.itemId,
      url: data.url,
      canonicalUrl: data.canonicalUrl,
      platform: data.platform,
      outlet: data.outlet,
      ...(data.author !== undefined ? { author: data.author } : {}),
      title: data.title,
      text: data.text,
      capturedAt: data.capturedAt,
      ...(data.publishedAt !== undefined ? { publishedAt: data.publishedAt } : {}),
    };
    // The accounts that could have posted it; only those whose signature fits are loaded and decided on.
    const candidates = (
      await this.accounts.on(tx.client).candidatesFor(hostOf(item.url), item.platform)
    ).filter((account) => isFromAccount(account, item));
    if (candidates.length === 0) return;
    const policy = DEFAULT_DETECTION_POLICY;
    const addresses = [item.canonicalUrl, canonicalAddress(item.url)].filter(
      (a): a is string => a !== undefined,
    );
    const window = { ...releaseWindow(item, policy), at: itemTime(item) };
    for (const account of candidates) {
      const releases = await this.releases
        .on(tx.client)
        .candidates(account.orgUnit, addresses, window, policy.maxCandidates);
      // The decider judges on the account's own stream: still active, not judged before, covered or not.
      await tx.decide(
        guidanceStreams.account.id(account.accountId),
        accountDecider,
        { kind: 'detect', accountId: account.accountId, item, releases, policy },
        tx.metadataFor(event, account.orgUnit),
      );
    }
  }
}

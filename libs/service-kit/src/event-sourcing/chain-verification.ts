import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { PostgresEventStore, type VerifyResult } from '@yuqing/event-store';

export interface ChainVerification extends VerifyResult {
  readonly verifiedAt: string;
}

/**
 * An auditor's check of one stream's hash chain: recomputed from the stored rows now, naming the first position
 * that does not hold. A stream with no events is not found, rather than reported intact.
 */
@Injectable()
export class ChainVerifier {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async verify(streamId: string): Promise<ChainVerification> {
    const result = await this.store.verifyStream(streamId);
    if (result.events === 0) throw new NotFoundException(`stream ${streamId} has no events`);
    return { ...result, verifiedAt: new Date().toISOString() };
  }
}

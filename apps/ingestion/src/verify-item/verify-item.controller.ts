import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { actorOf, Auth, type AuthContext, Permission } from '@yuqing/auth';
import { ItemDismissed, ItemVerified, VerifyItem } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore } from '@yuqing/event-store';
import {
  decideVerification,
  evolveItem,
  initialItemState,
  type ItemState,
  type VerificationCommand,
} from '@yuqing/ingestion-domain';
import { PG_POOL } from '@yuqing/service-kit';

const dismissal = ItemDismissed.schema.omit({ itemId: true, incidentId: true }).strict();

/**
 * A monitor's verification (核实): POST /api/ingestion/items/{itemId}/verifications records the findings;
 * POST /api/ingestion/items/{itemId}/dismissals dismisses it with a reason (e.g. 伪舆情) and its basis.
 */
@Controller('api/ingestion/items/:itemId')
export class VerifyItemController {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Post('verifications')
  @HttpCode(201)
  @Permission('ingestion.verify-item', { orgUnitFrom: { resolver: 'item', from: 'params.itemId' } })
  async verify(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
  ): Promise<{ version: number }> {
    const { itemId: _ignored, ...payload } = VerifyItem.parse({ ...(body as object), itemId });
    return this.judge(itemId, { kind: 'verify', ...payload }, auth);
  }

  @Post('dismissals')
  @HttpCode(201)
  @Permission('ingestion.verify-item', { orgUnitFrom: { resolver: 'item', from: 'params.itemId' } })
  async dismiss(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
  ): Promise<{ version: number }> {
    return this.judge(itemId, { kind: 'dismiss', ...dismissal.parse(body) }, auth);
  }

  private async judge(
    itemId: string,
    command: VerificationCommand,
    auth: AuthContext,
  ): Promise<{ version: number }> {
    const { rows } = await this.pool.query<{ org_unit: string; incident_id: string | null }>(
      `select org_unit, incident_id from ${this.store.schema}.items where item_id = $1`,
      [itemId],
    );
    const item = rows[0]!;
    const result = await handleCommand<VerificationCommand, ItemState>(
      this.store,
      `ingestion-item-${itemId}`,
      {
        initialState: initialItemState,
        evolve: evolveItem,
        // The decider speaks domain; the contract checks the payload before anything is stored.
        decide: (c, state) =>
          decideVerification(c, state, itemId, item.incident_id ?? undefined).map((event) => ({
            ...event,
            data: (event.type === ItemVerified.type ? ItemVerified : ItemDismissed).parse(event.data),
          })),
      },
      command,
      { metadata: { orgUnit: item.org_unit, actor: actorOf(auth), correlationId: itemId } },
    );
    return { version: result.nextExpectedVersion };
  }
}

import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { MergeIncidents, MoveItem, SplitIncident } from '@yuqing/contracts';
import {
  CorrectClusteringHandler,
  type MergeResult,
  type MoveResult,
  type SplitResult,
} from './correct-clustering.handler';

/**
 * A monitor corrects clustering (改归 / 合并 / 拆分): moves an item to another incident of the unit, merges another
 * incident into this one, or splits items off into a new incident. Each answers 201 with every incident written
 * and its new version (send it as If-Match to correct only what you saw); an Idempotency-Key makes a retry safe.
 */
@Controller('api/ingestion')
export class CorrectClusteringController {
  constructor(@Inject(CorrectClusteringHandler) private readonly handler: CorrectClusteringHandler) {}

  @Post('items/:itemId/moves')
  @HttpCode(201)
  @Permission('ingestion.correct-clustering', { orgUnitFrom: { resolver: 'item', from: 'params.itemId' } })
  async move(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<MoveResult> {
    return this.handler.move(itemId, MoveItem.parse(body), auth, { idempotencyKey, ifMatch });
  }

  @Post('incidents/:incidentId/merges')
  @HttpCode(201)
  @Permission('ingestion.correct-clustering', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  async merge(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<MergeResult> {
    return this.handler.merge(incidentId, MergeIncidents.parse(body), auth, { idempotencyKey, ifMatch });
  }

  @Post('incidents/:incidentId/splits')
  @HttpCode(201)
  @Permission('ingestion.correct-clustering', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  async split(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<SplitResult> {
    return this.handler.split(incidentId, SplitIncident.parse(body), auth, { idempotencyKey, ifMatch });
  }
}

import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import type { RecordedEvent } from '@yuqing/contracts';
import { page } from '@yuqing/service-kit';
import { ResponsesReadModel, type ResponseRow } from './responses.read-model';

const byId = { resolver: 'response', from: 'params.responseId' } as const;

/** What everyone in scope reads: the responses list, one response, its history. */
@Controller('api/guidance/responses')
export class ResponsesController {
  constructor(@Inject(ResponsesReadModel) private readonly readModel: ResponsesReadModel) {}

  @Get()
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ responses: ResponseRow[]; next?: string }> {
    const { limit, after } = page.parse(query);
    return this.readModel.list(auth.scope, limit, after);
  }

  @Get(':responseId')
  @Permission('guidance.read-releases', { orgUnitFrom: byId })
  async one(@Param('responseId') responseId: string): Promise<ResponseRow> {
    const row = await this.readModel.one(responseId);
    if (!row) throw new NotFoundException(`response ${responseId} not found`);
    return row;
  }

  @Get(':responseId/history')
  @Permission('guidance.read-releases', { orgUnitFrom: byId })
  async history(@Param('responseId') responseId: string): Promise<{ events: RecordedEvent[] }> {
    return { events: await this.readModel.history(responseId) };
  }
}

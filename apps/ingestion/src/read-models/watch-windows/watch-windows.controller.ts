import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { WatchWindowsReadModel } from './watch-windows.read-model';

/**
 * Heightened-watch windows (重点时段) a caller may see, by status; scheduling and cancelling one are
 * `schedule-watch-window/` and `cancel-watch-window/`.
 */
@Controller('api/ingestion/watch-windows')
export class WatchWindowsController {
  constructor(@Inject(WatchWindowsReadModel) private readonly windows: WatchWindowsReadModel) {}

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ watchWindows: unknown[]; next?: string }> {
    return this.windows.list(auth.scope, query);
  }
}

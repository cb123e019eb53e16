import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../http/public';
import { ReadinessRegistry, type ReadinessReport } from './readiness';

/** Liveness says the process answers; readiness says its dependencies do, so it may take traffic. */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const report = await this.readiness.report();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';

/** Prometheus metrics: relay and consumer lag, handled messages, and whatever the service adds. */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}

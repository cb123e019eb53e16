import { Controller, Get, Inject, Param } from '@nestjs/common';
import { Permission } from '@yuqing/auth';
import { reportingStreams } from '@yuqing/contracts';
import { ChainVerifier, type ChainVerification } from '@yuqing/service-kit';

/**
 * GET /api/reporting/incidents/{id}/chain: the auditor's check that the incident's reporting record (obligations,
 * reports, sign-offs) is the one written (its hash chain recomputed now); a break names the first position
 * altered, removed or reordered.
 */
@Controller('api/reporting/incidents/:incidentId/chain')
export class VerifyIncidentChainController {
  constructor(@Inject(ChainVerifier) private readonly chains: ChainVerifier) {}

  @Get()
  @Permission('audit.verify', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  verify(@Param('incidentId') incidentId: string): Promise<ChainVerification> {
    return this.chains.verify(reportingStreams.incident.id(incidentId));
  }
}

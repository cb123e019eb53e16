import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Ctx, Permission } from '@yuqing/auth';
import type { CommandContext } from '@yuqing/service-kit';
import { CaseFileExport } from './case-file-export';

/** An ASCII download name: the case id with anything but [A-Za-z0-9._-] replaced, bounded. */
export function exportFileName(caseId: string): string {
  return `case-${caseId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}.tar`;
}

/**
 * The exported case file (案卷导出) for auditors and the offices that handled it: confidential like the case file
 * itself (第三十条), and recorded on the case before it leaves.
 */
@Controller('api/archive/cases')
export class ExportCaseFileController {
  constructor(@Inject(CaseFileExport) private readonly exporter: CaseFileExport) {}

  @Get(':caseId/export')
  @ApiProduces('application/x-tar')
  @Permission('archive.read-case-files', { orgUnitFrom: { resolver: 'case', from: 'params.caseId' } })
  async export(@Param('caseId') caseId: string, @Ctx() ctx: CommandContext): Promise<StreamableFile> {
    const { archive } = await this.exporter.export(caseId, ctx);
    return new StreamableFile(archive, {
      type: 'application/x-tar',
      disposition: `attachment; filename="${exportFileName(caseId)}"`,
      length: archive.length,
    });
  }
}

import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { ImportItems } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { ImportItemsCommand, type ImportResult } from './import-items.command';

/**
 * POST /api/ingestion/imports: a monitor's spreadsheet of collected items (CSV or XLSX, Chinese or English headers).
 * Valid rows are captured; the answer reports every other row with its column and the problem.
 */
@Controller('api/ingestion/imports')
export class ImportItemsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Permission('ingestion.capture-item', { orgUnitFrom: 'body.orgUnit' })
  import(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ImportResult> {
    return this.commands.execute(new ImportItemsCommand(ImportItems.schema.parse(body), ctx));
  }
}

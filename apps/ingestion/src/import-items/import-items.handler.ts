import { BadRequestException, Inject, PayloadTooLargeException } from '@nestjs/common';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { CaptureService, captureLock } from '../capture-items/capture';
import { CsvError } from './csv';
import { ImportItemsCommand, type ImportResult } from './import-items.command';
import { rowsToCandidates, tableToCandidates } from './import-rows';
import { readXlsx, XlsxError, XlsxTooLargeError } from './xlsx';

/** A spreadsheet's valid rows captured like a batch, in the unit's capture lock; every other row reported. */
@HandlesCommand(ImportItemsCommand, { lock: (command) => captureLock(command.payload.orgUnit) })
export class ImportItemsHandler implements CommandHandling<ImportItemsCommand, ImportResult> {
  constructor(@Inject(CaptureService) private readonly capture: CaptureService) {}

  async handle(command: ImportItemsCommand, tx: CommandTransaction): Promise<ImportResult> {
    const { orgUnit } = command.payload;
    const parsed = readRows(command.payload);
    const outcomes =
      parsed.candidates.length === 0
        ? []
        : await this.capture.captureIn(
            tx,
            {
              orgUnit,
              actor: command.context.actor,
              correlationId: command.context.correlationId,
              candidates: parsed.candidates.map((c) => c.candidate),
            },
            tx.now,
          );
    return {
      rows: parsed.candidates.length + new Set(parsed.errors.map((e) => e.row)).size,
      outcomes: outcomes.map((outcome, i) => ({ row: parsed.candidates[i]!.row, ...outcome })),
      errors: parsed.errors,
    };
  }
}

/**
 * The file's rows as candidates; a file that cannot be read at all is a 400 naming `content`, a workbook that
 * would unpack beyond the limits (a zip bomb) a 413.
 */
function readRows(file: ImportItemsCommand['payload']): ReturnType<typeof rowsToCandidates> {
  try {
    return file.format === 'csv'
      ? rowsToCandidates(file.content)
      : tableToCandidates(readXlsx(Buffer.from(file.content, 'base64')));
  } catch (error) {
    if (error instanceof XlsxTooLargeError) {
      throw new PayloadTooLargeException({
        message: `the file is too large to import: ${error.message}`,
        errors: [{ path: 'content', message: error.message }],
      });
    }
    if (error instanceof CsvError || error instanceof XlsxError) {
      throw new BadRequestException({
        message: `the file cannot be read: ${error.message}`,
        errors: [{ path: 'content', message: error.message }],
      });
    }
    throw error;
  }
}

import { Inject } from '@nestjs/common';
import {
  HandlesCommand,
  type CommandHandling,
  type CommandTransaction,
  type HandlesCommandOptions,
} from '@yuqing/service-kit';
import { CaptureService, captureLock } from './capture';
import { CaptureItemsCommand, type CaptureItemsResult } from './capture-items.command';

/** Requests of one unit queue on its capture lock, so two batches never open two incidents for one story. */
export const captureItemsOptions: HandlesCommandOptions<CaptureItemsCommand> = {
  lock: (command) => captureLock(command.payload.orgUnit),
};

/** A batch into one unit: each item captured into an incident, found a duplicate, or rejected with the reason. */
@HandlesCommand(CaptureItemsCommand, captureItemsOptions)
export class CaptureItemsHandler implements CommandHandling<CaptureItemsCommand, CaptureItemsResult> {
  constructor(@Inject(CaptureService) private readonly capture: CaptureService) {}

  async handle(command: CaptureItemsCommand, tx: CommandTransaction): Promise<CaptureItemsResult> {
    const { orgUnit, items } = command.payload;
    const { actor, correlationId } = command.context;
    const outcomes = await this.capture.captureIn(
      tx,
      { orgUnit, actor, correlationId, candidates: items },
      tx.now,
    );
    return { outcomes };
  }
}

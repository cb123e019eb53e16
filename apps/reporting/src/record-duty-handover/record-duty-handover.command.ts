import { RecordDutyHandover } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface HandoverRecorded {
  readonly toShiftId: string;
}

export class RecordDutyHandoverCommand extends DomainCommand<typeof RecordDutyHandover, HandoverRecorded>(
  RecordDutyHandover,
) {}

import { AcknowledgeDutyHandover } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface HandoverAcknowledged {
  readonly toShiftId: string;
}

export class AcknowledgeDutyHandoverCommand extends DomainCommand<
  typeof AcknowledgeDutyHandover,
  HandoverAcknowledged
>(AcknowledgeDutyHandover) {}

import { AcknowledgeDutyAlert } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface AlertAcknowledged {
  readonly alertId: string;
  /** true when it had already escalated to the head. */
  readonly afterEscalation: boolean;
}

export class AcknowledgeDutyAlertCommand extends DomainCommand<
  typeof AcknowledgeDutyAlert,
  AlertAcknowledged
>(AcknowledgeDutyAlert) {}

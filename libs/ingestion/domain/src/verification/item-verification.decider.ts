import { DomainRuleError, optional, type Figure, type NewEvent, type RecordedEvent } from '@yuqing/contracts';

/** An item's verification state, folded from its stream. */
export interface ItemState {
  readonly status: 'unknown' | 'rejected' | 'captured' | 'verified' | 'dismissed';
  readonly incidentId?: string;
}

export type VerificationCommand =
  | {
      readonly kind: 'verify';
      readonly accuracy: 'accurate' | 'partly-accurate' | 'inaccurate' | 'undetermined';
      readonly findings: string;
      readonly evidence: readonly {
        kind: 'item' | 'event' | 'document' | 'url';
        id: string;
        note?: string;
      }[];
      /** The figures verified (核实的数据); reports are later compared against them. */
      readonly figures?: readonly Figure[];
    }
  | {
      readonly kind: 'dismiss';
      readonly reason: 'fabricated' | 'outside-jurisdiction' | 'not-public-opinion' | 'duplicate';
      readonly explanation: string;
      readonly evidence: readonly {
        kind: 'item' | 'event' | 'document' | 'url';
        id: string;
        note?: string;
      }[];
    };

export const initialItemState = (): ItemState => ({ status: 'unknown' });

export function evolveItem(state: ItemState, event: RecordedEvent): ItemState {
  switch (event.type) {
    case 'ingestion.ItemRejected':
      return { status: 'rejected' };
    case 'ingestion.ItemCaptured':
      return { ...state, status: 'captured' };
    case 'ingestion.ItemAttachedToIncident':
    case 'ingestion.IncidentDetected':
      return state;
    case 'ingestion.ItemVerified':
      return { ...state, status: 'verified' };
    case 'ingestion.ItemDismissed':
      return { ...state, status: 'dismissed' };
    default:
      return state;
  }
}

/**
 * A monitor's judgement on a captured item (核实): genuine opinion with findings, or dismissed with a reason
 * (伪舆情 among them). One judgement per item; a changed mind is an escalation to the office, not an edit.
 */
export function decideVerification(
  command: VerificationCommand,
  state: ItemState,
  itemId: string,
  incidentId?: string,
): NewEvent[] {
  if (state.status === 'unknown')
    throw new DomainRuleError('ingestion.item-not-found', `item ${itemId} was never captured`);
  if (state.status === 'rejected')
    throw new DomainRuleError(
      'ingestion.item-not-captured',
      `item ${itemId} was not kept (no rule matched), so it cannot be judged`,
    );
  if (state.status === 'verified')
    throw new DomainRuleError('ingestion.item-already-verified', `item ${itemId} is already verified`);
  if (state.status === 'dismissed')
    throw new DomainRuleError('ingestion.item-already-dismissed', `item ${itemId} is already dismissed`);
  const ref = incidentId ? { incidentId } : {};
  if (command.kind === 'verify') {
    return [
      {
        type: 'ingestion.ItemVerified',
        data: {
          itemId,
          ...ref,
          accuracy: command.accuracy,
          findings: command.findings,
          evidence: command.evidence,
          ...optional('figures', command.figures),
        },
      },
    ];
  }
  return [
    {
      type: 'ingestion.ItemDismissed',
      data: {
        itemId,
        ...ref,
        reason: command.reason,
        explanation: command.explanation,
        evidence: command.evidence,
      },
    },
  ];
}

import { ScopeFacts } from '../testing/facts';
import { directScope, isStaging, itemsAttached } from './scopes';

// Where a fact is kept: the scope detectors read it in.

describe('directScope', () => {
  const given = new ScopeFacts();

  it('keeps an incident’s facts in the incident, a transfer’s in the transfer, guidance’s in its proposal', () => {
    expect(directScope(given.gradeConfirmed({ level: 'level-2', exceptional: false }))).toBe(
      'incident:inc-1',
    );
    expect(directScope(given.transferOwed({ transferId: 'tr-1', transferred: 0, due: 60 }))).toBe(
      'transfer:tr-1',
    );
    expect(directScope(given.guidanceProposed('p-1', 0))).toBe('proposal:p-1');
    expect(
      directScope(given.guidanceTaskOverdue({ proposalId: 'p-1', taskId: 't', commentatorId: 'c', due: 9 })),
    ).toBe('proposal:p-1');
    expect(directScope(given.unapprovedRelease({ itemId: 'item-9', captured: 0 }))).toBe(
      'release-check:item-9',
    );
  });

  it('keeps an item’s facts in its staging scope until it is put in an incident', () => {
    const scope = directScope(given.itemCaptured({ itemId: 'item-1' }, 0));

    expect(scope).toBe('item:item-1');
    expect(isStaging(scope!)).toBe(true);
    expect(isStaging('incident:inc-1')).toBe(false);
  });

  it('reads the items a detection or an attachment puts in the incident', () => {
    expect(itemsAttached(given.incidentDetected(['a', 'b'], 0))).toEqual({
      incidentId: 'inc-1',
      itemIds: ['a', 'b'],
    });
    expect(itemsAttached(given.itemAttached('c', 0))).toEqual({ incidentId: 'inc-1', itemIds: ['c'] });
    expect(itemsAttached(given.handlingCompleted(0))).toBeUndefined();
  });
});

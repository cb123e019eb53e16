import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { boardAddressee, supervisionRouteFor } from './leader-board';

describe('routing leader message-board items by addressee (留言板, 第十七条)', () => {
  it.each([
    ['人民网地方领导留言板·云南省委书记', 'party-secretary', 'party-committee-supervision-office'],
    ['昆明市委书记留言板', 'party-secretary', 'party-committee-supervision-office'],
    ['人民网地方领导留言板·云南省省长', 'government-head', 'government-supervision-office'],
    ['昆明市市长留言板', 'government-head', 'government-supervision-office'],
  ] as const)('routes %s to the %s’s office', (board, addressee, route) => {
    expect(boardAddressee(board, DEFAULT_REPORTING_POLICY)).toBe(addressee);
    expect(supervisionRouteFor(addressee)).toBe(route);
  });

  it('leaves a board that names no one, or both, to a person', () => {
    expect(boardAddressee('人民网地方领导留言板', DEFAULT_REPORTING_POLICY)).toBeUndefined();
    expect(boardAddressee('市委书记、市长联合留言板', DEFAULT_REPORTING_POLICY)).toBeUndefined();
  });
});

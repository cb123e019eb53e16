import type { ReportingPolicy } from '../policy/reporting-policy';

// 人民网《地方领导留言板》 (第十七条): 省委书记、市委书记留言版内容对口市委督办室，省长、市长留言版内容对口市政府督办室.
// The board's name (the item's outlet or title) says whom a message addresses.

export type BoardAddressee = 'party-secretary' | 'government-head';
export type SupervisionRoute = 'party-committee-supervision-office' | 'government-supervision-office';

/** Whom a board message addresses, from the board's name; undefined when the name does not say. */
export function boardAddressee(
  boardName: string,
  policy: Pick<ReportingPolicy, 'leaderBoard'>,
): BoardAddressee | undefined {
  const party = policy.leaderBoard.partySecretaryWords.some((word) => boardName.includes(word));
  const government = policy.leaderBoard.governmentHeadWords.some((word) => boardName.includes(word));
  // A name that names both (a combined board) decides nothing: a person routes it.
  if (party === government) return undefined;
  return party ? 'party-secretary' : 'government-head';
}

/** Party secretary boards → 市委督办室; governor/mayor boards → 市政府督办室. */
export function supervisionRouteFor(addressee: BoardAddressee): SupervisionRoute {
  return addressee === 'party-secretary'
    ? 'party-committee-supervision-office'
    : 'government-supervision-office';
}

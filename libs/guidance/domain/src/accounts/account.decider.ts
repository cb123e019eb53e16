import {
  AlreadyExistsError,
  NotFoundError,
  OfficialAccountRegistered,
  OfficialAccountRetired,
  refuse,
  UnapprovedReleaseDetected,
  type EventData,
  type NewEvent,
  type OfficialAccountKind,
  type Platform,
} from '@yuqing/contracts';
import type { DetectionPolicy } from './detection.policy';
import { hostOf, isFromAccount, matchRelease, type CapturedItem, type PublishedRelease } from './matching';

// One official account of a unit: registered, retired, and what was detected as published from it without an
// approved release. Detecting is idempotent per item (the stream remembers the items it judged), so an item
// delivered twice, or captured again, is detected once.

export interface AccountState {
  readonly status: 'none' | 'active' | 'retired';
  readonly accountId?: string;
  readonly name?: string;
  readonly platform?: string;
  readonly urlPrefixes: readonly string[];
  readonly authorNames: readonly string[];
  /** Items already detected as unapproved releases of this account. */
  readonly detected: ReadonlySet<string>;
}

export interface AccountRegistration {
  readonly kind: OfficialAccountKind;
  readonly platform: Platform;
  readonly name: string;
  readonly urlPrefixes: readonly string[];
  readonly authorNames: readonly string[];
}

export type AccountCommand =
  | { readonly kind: 'register'; readonly accountId: string; readonly account: AccountRegistration }
  | { readonly kind: 'retire'; readonly accountId: string; readonly reason: string }
  | {
      readonly kind: 'detect';
      readonly accountId: string;
      readonly item: CapturedItem;
      /** The unit's published releases the handler loaded: those at the item's address and those in the window. */
      readonly releases: readonly PublishedRelease[];
      readonly policy: DetectionPolicy;
    };

export function initialAccountState(): AccountState {
  return { status: 'none', urlPrefixes: [], authorNames: [], detected: new Set() };
}

export function evolveAccount(
  state: AccountState,
  event: { readonly type: string; readonly data: unknown },
): AccountState {
  switch (event.type) {
    case OfficialAccountRegistered.type: {
      const data = event.data as EventData<typeof OfficialAccountRegistered>;
      return {
        ...state,
        status: 'active',
        accountId: data.accountId,
        name: data.name,
        platform: data.platform,
        urlPrefixes: data.urlPrefixes,
        authorNames: data.authorNames,
      };
    }
    case OfficialAccountRetired.type:
      return { ...state, status: 'retired' };
    case UnapprovedReleaseDetected.type: {
      const data = event.data as EventData<typeof UnapprovedReleaseDetected>;
      return { ...state, detected: new Set([...state.detected, data.itemId]) };
    }
    default:
      return state;
  }
}

function register(command: Extract<AccountCommand, { kind: 'register' }>, state: AccountState): NewEvent[] {
  if (state.status !== 'none')
    throw new AlreadyExistsError(
      'guidance.account-exists',
      `official account ${command.accountId} exists already`,
    );
  const { account } = command;
  if (account.urlPrefixes.length === 0 && account.authorNames.length === 0)
    refuse(
      'guidance.account-unrecognisable',
      'an official account needs an address prefix or an author name, or its items cannot be recognised',
      'urlPrefixes',
    );
  account.urlPrefixes.forEach((prefix, i) => {
    if (hostOf(prefix) === undefined)
      refuse(
        'guidance.account-prefix-invalid',
        `address prefix ${i + 1} is not an http(s) address`,
        `urlPrefixes.${i}`,
      );
    const url = new URL(prefix);
    // Matching is by host and path; a query or fragment in a prefix would never match and hides a mistake.
    if (url.search || url.hash)
      refuse(
        'guidance.account-prefix-invalid',
        `address prefix ${i + 1} carries a query or fragment`,
        `urlPrefixes.${i}`,
      );
  });
  return [
    OfficialAccountRegistered.create({
      accountId: command.accountId,
      kind: account.kind,
      platform: account.platform,
      name: account.name,
      urlPrefixes: [...account.urlPrefixes],
      authorNames: [...account.authorNames],
    }),
  ];
}

function detect(command: Extract<AccountCommand, { kind: 'detect' }>, state: AccountState): NewEvent[] {
  // Retired (or never registered) by the time the item is handled: its items are no longer checked.
  if (state.status !== 'active' || state.detected.has(command.item.itemId)) return [];
  const signature = {
    platform: state.platform ?? '',
    urlPrefixes: state.urlPrefixes,
    authorNames: state.authorNames,
  };
  if (!isFromAccount(signature, command.item)) return [];
  const match = matchRelease(command.item, command.releases, command.policy);
  if (match.matched) return [];
  const { item, policy } = command;
  return [
    UnapprovedReleaseDetected.create({
      accountId: command.accountId,
      accountName: state.name ?? command.accountId,
      itemId: item.itemId,
      url: item.url,
      title: item.title,
      capturedAt: item.capturedAt,
      ...(item.publishedAt !== undefined ? { publishedAt: item.publishedAt } : {}),
      ...(match.nearest ? { nearestRelease: match.nearest } : {}),
      similarityThreshold: policy.similarityThreshold,
      ruleSetVersion: policy.version,
    }),
  ];
}

export function decideAccount(command: AccountCommand, state: AccountState): NewEvent[] {
  switch (command.kind) {
    case 'register':
      return register(command, state);
    case 'retire':
      if (state.status === 'none') throw new NotFoundError(`official account ${command.accountId} not found`);
      if (state.status === 'retired')
        refuse('guidance.account-retired', `official account ${command.accountId} is retired already`);
      return [OfficialAccountRetired.create({ accountId: command.accountId, reason: command.reason })];
    case 'detect':
      return detect(command, state);
  }
}

/** The decider the handlers run (load, decide, append). */
export const accountDecider = {
  initialState: initialAccountState,
  evolve: evolveAccount,
  decide: decideAccount,
};

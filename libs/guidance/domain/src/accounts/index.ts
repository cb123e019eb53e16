// Official accounts and the releases nobody approved (第二十一条, 第二十八条).
export { DEFAULT_DETECTION_POLICY } from './detection.policy';
export type { DetectionPolicy } from './detection.policy';
export { accountDecider, decideAccount, evolveAccount, initialAccountState } from './account.decider';
export type { AccountCommand, AccountRegistration, AccountState } from './account.decider';
export { canonicalAddress, hostOf, isFromAccount, itemTime, matchRelease, releaseWindow } from './matching';
export type { AccountSignature, CapturedItem, PublishedRelease, ReleaseMatch } from './matching';
export { bigramCosine, bigrams, normaliseText, textSimilarity } from './similarity';

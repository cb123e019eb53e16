import { z } from 'zod';
import { defineEvent } from '../define';
import { httpUrl, id, instant, line, list, ruleSetVersion, text } from '../fields';
import { platform } from '../vocabulary';

// Guidance's accounts (see docs/guidance-accounts.md): a unit's own official accounts and sites (政务账号、官方网站), and what
// they publish that no approved release covers (第二十一条, 第二十八条). Published on yuqing.guidance.events.v1.
// The org unit that owns the account is each event's envelope org unit.

const accountId = id('The official account.');

/** What kind of official presence it is; the platform (ingestion's vocabulary) says where items from it appear. */
export const officialAccountKind = z
  .enum(['weibo', 'wechat', 'website', 'forum-account', 'message-board', 'douyin', 'toutiao', 'other'])
  .describe(
    '政务微博 weibo; 微信公众号 wechat; 官方网站 website; 论坛官方账号 forum-account; 留言板回复账号 ' +
      'message-board; 抖音号 douyin; 头条号 toutiao; other.',
  );
export type OfficialAccountKind = z.infer<typeof officialAccountKind>;

/** How ingestion's items are recognised as this account's: shared by the event and the command. */
export const officialAccountShape = {
  kind: officialAccountKind,
  platform,
  name: line('The account or site name as the public sees it (账号/网站名称).', 200),
  urlPrefixes: list(
    httpUrl(
      'An address prefix it publishes under: host, optionally a path (https://www.yiliang.gov.cn/xwzx/).',
    ),
    20,
    'Items whose address starts with one of these (host and path prefix) are its own.',
  ),
  authorNames: list(
    line('An author or outlet name as ingestion records it (ItemCaptured author or outlet).', 200),
    20,
    'On its platform, items whose author (or outlet) is one of these are its own.',
  ),
};

export const OfficialAccountRegistered = defineEvent({
  context: 'guidance',
  name: 'OfficialAccountRegistered',
  version: 1,
  description:
    'A unit registered one of its own official accounts or sites (政务账号登记): what it publishes is checked ' +
    'against the releases the unit approved.',
  data: z.object({ accountId, ...officialAccountShape }),
});

export const OfficialAccountRetired = defineEvent({
  context: 'guidance',
  name: 'OfficialAccountRetired',
  version: 1,
  description: 'An official account was deregistered (注销): items from it are no longer checked.',
  data: z.object({
    accountId,
    reason: text('Why (e.g. 账号已注销, 合并至县融媒体中心).', 2000),
  }),
});

export const UnapprovedReleaseDetected = defineEvent({
  context: 'guidance',
  name: 'UnapprovedReleaseDetected',
  version: 1,
  description:
    'An item captured from an official account matches no approved release of its unit (未经审批擅自发布, ' +
    '第二十一条, 第二十八条): neither by address nor by text within the policy window. Feeds the review service.',
  data: z.object({
    accountId,
    accountName: line('The account, as registered.', 200),
    itemId: id('The captured item (ingestion).'),
    url: httpUrl('Where the item was published.'),
    title: line('The item title as captured.', 500),
    capturedAt: instant('When ingestion captured it.'),
    publishedAt: instant('When it was published, when the platform shows it.').optional(),
    nearestRelease: z
      .object({
        releaseId: id('The approved, published release most like it.'),
        incidentId: id('The incident of that release.'),
        url: httpUrl('Where that release was published.').optional(),
        similarity: z
          .number()
          .min(0)
          .max(1)
          .describe('Text similarity to the item (0–1), below the threshold.'),
      })
      .optional()
      .describe(
        'The evidence: the nearest approved release of the unit in the window; absent when there was none.',
      ),
    similarityThreshold: z.number().min(0).max(1).describe('The similarity a match needed (policy).'),
    ruleSetVersion,
  }),
});

/** Every event of guidance's accounts, in lifecycle order (the catalogue lists them). */
export const guidanceAccountEvents = [
  OfficialAccountRegistered,
  OfficialAccountRetired,
  UnapprovedReleaseDetected,
] as const;

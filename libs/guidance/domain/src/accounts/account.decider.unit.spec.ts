import {
  AlreadyExistsError,
  DomainRuleError,
  NotFoundError,
  OfficialAccountRegistered,
  OfficialAccountRetired,
  UnapprovedReleaseDetected,
  type NewEvent,
} from '@yuqing/contracts';
import { decideAccount, evolveAccount, initialAccountState, type AccountCommand } from './account.decider';
import { DEFAULT_DETECTION_POLICY } from './detection.policy';
import type { CapturedItem, PublishedRelease } from './matching';

const ACCOUNT = '0193a1b2-0000-7000-8000-0000000000a1';
const policy = DEFAULT_DETECTION_POLICY;
const account = {
  kind: 'website' as const,
  platform: 'news-site' as const,
  name: '宜良县人民政府网',
  urlPrefixes: ['https://www.yiliang.gov.cn/xwzx/'],
  authorNames: [],
};
const registered = OfficialAccountRegistered.create({ accountId: ACCOUNT, ...account });
const weibo = OfficialAccountRegistered.create({
  accountId: ACCOUNT,
  kind: 'weibo',
  platform: 'weibo',
  name: '宜良发布',
  urlPrefixes: [],
  authorNames: ['宜良发布'],
});

const RELEASE_TEXT =
  '11月20日上午，宜良县某路段发生路面塌陷，无人员伤亡。县住建局已对现场进行围挡，正在组织抢修，预计三日内恢复通行。';
const release: PublishedRelease = {
  releaseId: 'rel-1',
  incidentId: 'inc-1',
  url: 'https://www.yiliang.gov.cn/xwzx/2026/1120-1.html',
  publishedAt: '2026-11-20T10:00:00+08:00',
  text: RELEASE_TEXT,
};

function item(over: Partial<CapturedItem> = {}): CapturedItem {
  return {
    itemId: 'item-1',
    url: 'https://www.yiliang.gov.cn/xwzx/2026/1120-9.html',
    canonicalUrl: 'https://www.yiliang.gov.cn/xwzx/2026/1120-9.html',
    platform: 'news-site',
    outlet: '宜良县人民政府网',
    title: '关于某路段塌陷原因的说明',
    text: '经初步调查，塌陷系施工单位违规作业所致，相关责任人已被控制。',
    capturedAt: '2026-11-20T11:00:00+08:00',
    ...over,
  };
}

const detect = (it: CapturedItem, releases: readonly PublishedRelease[] = [release]): AccountCommand => ({
  kind: 'detect',
  accountId: ACCOUNT,
  item: it,
  releases,
  policy,
});

function given(...history: readonly NewEvent[]) {
  const state = history.reduce(evolveAccount, initialAccountState());
  return {
    when: (command: AccountCommand) => ({
      events: () => decideAccount(command, state),
      refusal: (): unknown => {
        try {
          decideAccount(command, state);
        } catch (error) {
          return error;
        }
        throw new Error('expected a refusal');
      },
    }),
  };
}

describe('registering an official account', () => {
  it('registers it with how its items are recognised', () => {
    expect(given().when({ kind: 'register', accountId: ACCOUNT, account }).events()).toEqual([registered]);
  });

  it('refuses one that nothing could recognise, naming the field', () => {
    const refusal = given()
      .when({ kind: 'register', accountId: ACCOUNT, account: { ...account, urlPrefixes: [] } })
      .refusal();
    expect(refusal).toBeInstanceOf(DomainRuleError);
    expect(refusal).toMatchObject({ rule: 'guidance.account-unrecognisable', field: 'urlPrefixes' });
  });

  it('refuses a prefix with a query, and a second registration of the same account', () => {
    const withQuery = { ...account, urlPrefixes: ['https://www.yiliang.gov.cn/', 'https://a.cn/x?id=1'] };
    expect(
      given().when({ kind: 'register', accountId: ACCOUNT, account: withQuery }).refusal(),
    ).toMatchObject({
      rule: 'guidance.account-prefix-invalid',
      field: 'urlPrefixes.1',
    });
    expect(
      given(registered).when({ kind: 'register', accountId: ACCOUNT, account }).refusal(),
    ).toBeInstanceOf(AlreadyExistsError);
  });
});

describe('retiring an official account', () => {
  it('retires an active one once; not found for one never registered', () => {
    const retire: AccountCommand = { kind: 'retire', accountId: ACCOUNT, reason: '账号已注销' };
    expect(given(registered).when(retire).events()).toEqual([
      OfficialAccountRetired.create({ accountId: ACCOUNT, reason: '账号已注销' }),
    ]);
    expect(
      given(registered, OfficialAccountRetired.create({ accountId: ACCOUNT, reason: 'x' }))
        .when(retire)
        .refusal(),
    ).toMatchObject({ rule: 'guidance.account-retired' });
    expect(given().when(retire).refusal()).toBeInstanceOf(NotFoundError);
  });
});

describe('detecting a release nobody approved', () => {
  it('detects an item under the account address that matches no release, with the nearest release as evidence', () => {
    const [event] = given(registered).when(detect(item())).events();
    expect(event).toMatchObject({
      type: UnapprovedReleaseDetected.type,
      data: {
        accountId: ACCOUNT,
        accountName: '宜良县人民政府网',
        itemId: 'item-1',
        title: '关于某路段塌陷原因的说明',
        nearestRelease: { releaseId: 'rel-1', incidentId: 'inc-1', url: release.url },
        similarityThreshold: 0.6,
        ruleSetVersion: 'guidance-detection@1',
      },
    });
    const data = event?.data as { nearestRelease: { similarity: number } };
    expect(data.nearestRelease.similarity).toBeLessThan(0.6);
  });

  it('detects with no evidence when the unit published nothing in the window', () => {
    const late = { ...release, publishedAt: '2026-11-10T10:00:00+08:00' };
    const [event] = given(registered)
      .when(detect(item(), [late]))
      .events();
    expect(event?.data).not.toHaveProperty('nearestRelease');
  });

  it('does not detect the published release itself (same canonical address, whatever the tracking)', () => {
    const same = item({
      url: `${release.url ?? ''}?utm_source=weibo#top`,
      canonicalUrl: release.url ?? '',
      text: '完全不同的正文也无妨',
      capturedAt: '2026-12-20T11:00:00+08:00',
    });
    expect(given(registered).when(detect(same)).events()).toEqual([]);
  });

  it('does not detect a re-typed copy of a release in the window', () => {
    const copy = item({
      title: '关于某路段路面塌陷的情况通报',
      text: '11月20日上午，宜良县某路段发生路面塌陷，未造成人员伤亡。县住建局已对现场围挡，正组织抢修，预计3日内恢复通行。',
    });
    expect(given(registered).when(detect(copy)).events()).toEqual([]);
  });

  it('detects a copy published outside the window', () => {
    const copy = item({ text: RELEASE_TEXT, publishedAt: '2026-11-25T10:00:00+08:00' });
    expect(given(registered).when(detect(copy)).events()).toHaveLength(1);
  });

  it('recognises a Weibo account by author on its platform, not on another platform', () => {
    const post = item({
      url: 'https://weibo.com/5012345678/Pabc',
      canonicalUrl: 'https://weibo.com/5012345678/Pabc',
      platform: 'weibo',
      outlet: '新浪微博',
      author: '宜良发布',
    });
    expect(given(weibo).when(detect(post)).events()).toHaveLength(1);
    expect(
      given(weibo)
        .when(detect({ ...post, platform: 'forum' }))
        .events(),
    ).toEqual([]);
  });

  it('ignores items outside the account address, and a path prefix only at a segment boundary', () => {
    expect(
      given(registered)
        .when(detect(item({ url: 'https://www.yiliang.gov.cn/xwzx2/1.html' })))
        .events(),
    ).toEqual([]);
    expect(
      given(registered)
        .when(detect(item({ url: 'https://bbs.example.cn/xwzx/1.html' })))
        .events(),
    ).toEqual([]);
  });

  it('detects an item once, and nothing from a retired account', () => {
    const [detected] = given(registered).when(detect(item())).events();
    expect(
      given(registered, detected as NewEvent)
        .when(detect(item()))
        .events(),
    ).toEqual([]);
    const retired = OfficialAccountRetired.create({ accountId: ACCOUNT, reason: '注销' });
    expect(given(registered, retired).when(detect(item())).events()).toEqual([]);
  });
});

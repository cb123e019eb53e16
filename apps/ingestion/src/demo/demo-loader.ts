import {
  MonitoringRuleDefined,
  SourceRegistered,
  type EventMetadata,
  type NewEvent,
} from '@yuqing/contracts';
import { ConcurrencyError, type PostgresEventStore } from '@yuqing/event-store';

// Demo sources and monitoring rules for the demo org tree (宜良县 cn.yn.km.yl, 石林县 cn.yn.km.sl). Loaded once:
// each stream is written only when it does not exist yet, so restarts add nothing.

const admin = (orgUnit: string): EventMetadata => ({
  orgUnit,
  actor: { kind: 'service', id: 'demo-loader' },
  correlationId: 'demo',
});

export async function loadDemo(store: PostgresEventStore, feedsBase: string): Promise<number> {
  const streams: [string, string, NewEvent][] = [
    [
      'ingestion-rule-demo-yl',
      'cn.yn.km.yl',
      MonitoringRuleDefined.create({
        ruleId: 'demo-yl',
        ruleVersion: 1,
        name: '宜良县民生与安全',
        expression: '(宜良县 OR 匡远街道) AND (塌陷 OR 隐患 OR 欠薪 OR 拖欠 OR 投诉 OR 污染) NOT 招聘',
        platforms: [],
        active: true,
      }),
    ],
    [
      'ingestion-rule-demo-sl',
      'cn.yn.km.sl',
      MonitoringRuleDefined.create({
        ruleId: 'demo-sl',
        ruleVersion: 1,
        name: '石林县旅游与民生',
        expression: '(石林县 OR 石林) AND (乱收费 OR 投诉 OR 宰客 OR 欠薪)',
        platforms: [],
        active: true,
      }),
    ],
    [
      'ingestion-source-demo-yl-forum',
      'cn.yn.km.yl',
      SourceRegistered.create({
        sourceId: 'demo-yl-forum',
        name: '宜良论坛',
        url: `${feedsBase}/yl-forum`,
        feedUrl: `${feedsBase}/yl-forum.xml`,
        platform: 'forum',
        reachTier: 'local',
        pollSeconds: 60,
      }),
    ],
    [
      'ingestion-source-demo-yl-news',
      'cn.yn.km.yl',
      SourceRegistered.create({
        sourceId: 'demo-yl-news',
        name: '云南某新闻网',
        url: `${feedsBase}/yn-news`,
        feedUrl: `${feedsBase}/yn-news.xml`,
        platform: 'news-site',
        reachTier: 'provincial-portal',
        pollSeconds: 60,
      }),
    ],
    [
      'ingestion-source-demo-yl-weibo',
      'cn.yn.km.yl',
      SourceRegistered.create({
        sourceId: 'demo-yl-weibo',
        name: '宜良发布',
        url: `${feedsBase}/yl-weibo`,
        feedUrl: `${feedsBase}/yl-weibo.xml`,
        platform: 'weibo',
        reachTier: 'local',
        pollSeconds: 60,
      }),
    ],
    [
      'ingestion-source-demo-sl-forum',
      'cn.yn.km.sl',
      SourceRegistered.create({
        sourceId: 'demo-sl-forum',
        name: '石林旅游论坛',
        url: `${feedsBase}/sl-forum`,
        feedUrl: `${feedsBase}/sl-forum.xml`,
        platform: 'forum',
        reachTier: 'city-site',
        pollSeconds: 60,
      }),
    ],
  ];
  let written = 0;
  for (const [stream, orgUnit, event] of streams) {
    try {
      await store.append(stream, [event], { expectedVersion: 'no_stream', metadata: admin(orgUnit) });
      written++;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  return written;
}

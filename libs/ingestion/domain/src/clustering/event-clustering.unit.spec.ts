import { simhashAndWordSet } from '../dedup/simhash';
import { clusterFeatures, type ClusterItem, type IncidentCandidate } from './clustering';
import { decideEventCluster, EVENT_CLUSTERING } from './event-clustering';
import { eventFeatures, type Idf } from './event-features';

// Given the open incidents of a unit / when an item arrives / then it joins the incident of its event or opens one.
// Words are as the segmenter gives them (unknown names in single characters); IDF says which words are everyday.
const EVERYDAY = new Set([
  '我们',
  '今天',
  '早上',
  '现在',
  '希望',
  '出现',
  '门口',
  '附近',
  '进行',
  '已经',
  '一个',
]);
const idf: Idf = (word) => (EVERYDAY.has(word) ? 5 : word.length === 1 ? 7 : 10);

const at = (hours: number) => new Date(Date.parse('2026-10-03T08:00:00+08:00') + hours * 3_600_000);

function report(itemId: string, title: string, spaced: string, outlet: string, hours = 0): ClusterItem {
  const words = spaced.split(' ');
  const { fingerprint, wordSet } = simhashAndWordSet(words);
  return {
    itemId,
    at: at(hours),
    ...clusterFeatures(title, words, fingerprint, wordSet),
    event: eventFeatures({ title, words, outlet }, idf),
  };
}

const incident = (incidentId: string, items: ClusterItem[]): IncidentCandidate => ({
  incidentId,
  lastActivityAt: items.reduce((last, i) => (i.at > last ? i.at : last), items[0]!.at),
  items,
});

// One event told three ways: a netizen's post, the official reply, a provincial report.
const post = report(
  'post',
  '北大街塌了个大坑，电动车差点掉进去',
  '今天 早上 路过 北大街 ， 金 鼎 花园 门口 路面 塌 了 个 大坑 ， 一辆 电动车 差点 掉 进去 ， 就 拿 几个 雪糕 筒 围 着 ， ' +
    '晚上 黑灯瞎火 的 太 危险 了 ， 前 几天 刚 挖开 埋 水管',
  '宜良论坛',
);
const reply = report(
  'reply',
  '关于网民反映匡远街道北大街路面塌陷问题的回复',
  '针对 网民 反映 宜良县 匡 远 街道 北大街 金 鼎 花园 路段 路面 塌陷 问题 ， 县 交通运输局 高度重视 ， 经 核实 ， ' +
    '塌陷 系 供水 管网 施工 回填 不实 雨后 下沉 所致 ， 已 设置 围挡 和 警示 标志 ， 抢修 预计 三日 内 完成',
  '宜良县人民政府网',
  6,
);
const provincial = report(
  'provincial',
  '宜良县城一路段突发塌陷 骑车市民险些跌入',
  '3日 早上 ， 宜良县 匡 远 街道 北大街 一处 路面 突然 下陷 ， 形成 一个 深 约 一米 的 大坑 ， 一名 骑 电动车 的 市民 险些 跌入 。 ' +
    '记者 在 现场 看到 ， 塌陷 处 位于 金 鼎 花园 小区 门口 ， 附近 商户 称 此前 这里 刚 进行 过 水管 施工',
  '云南网',
  9,
);

describe('clustering@2: the same event in other words', () => {
  it('attaches the official reply to the netizen’s post, saying which places and terms matched', () => {
    const decision = decideEventCluster(reply, [incident('collapse', [post])]);
    expect(decision).toMatchObject({ kind: 'attach', incidentId: 'collapse', relation: 'same-event' });
    if (decision.kind !== 'attach') throw new Error('attached');
    expect(decision.matched?.places).toEqual(expect.arrayContaining(['北大街', '金鼎花园']));
    expect(decision.matched?.terms).toEqual(expect.arrayContaining(['北大街', '路面']));
    expect(decision.similarity).toBeGreaterThanOrEqual(EVENT_CLUSTERING.threshold);
  });

  it('attaches the provincial report to the incident that holds the post and the reply', () => {
    expect(decideEventCluster(provincial, [incident('collapse', [reply, post])])).toMatchObject({
      kind: 'attach',
      incidentId: 'collapse',
      relation: 'same-event',
    });
  });

  it('opens a new incident for another event in the same town (欠薪 in 匡远街道)', () => {
    const wages = report(
      'wages',
      '匡远街道一工地拖欠农民工工资',
      '宜良县 匡 远 街道 一 建筑工地 二十多名 农民工 反映 被 拖欠 工资 四个月 ， 多次 讨薪 无果',
      '宜良论坛',
      10,
    );
    expect(decideEventCluster(wages, [incident('collapse', [provincial, reply, post])])).toEqual({
      kind: 'new-incident',
    });
  });

  it('opens a new incident for a collapse of its own a week later in another town of the county', () => {
    const other = report(
      'other',
      '南羊街道村道塌方',
      '宜良县 南羊 街道 新庄 村 村道 雨后 塌方 ， 路面 出现 大坑 ， 村民 出行 受阻',
      '宜良县人民政府网',
      7 * 24 - 60,
    );
    const open = incident('collapse', [provincial, reply, post]);
    expect(decideEventCluster(other, [{ ...open, lastActivityAt: at(9) }])).toEqual({ kind: 'new-incident' });
  });

  it('attaches a report that cites one of the incident’s outlets (据云南网报道) as cites-source', () => {
    const citing = report(
      'citing',
      '宜良一路段塌陷 市民险些跌入',
      '据 云南网 报道 ， 宜良县 北大街 路面 塌陷 ， 一名 市民 险些 跌入 ， 当地 正在 抢修',
      '今日头条',
      12,
    );
    const decision = decideEventCluster(citing, [incident('collapse', [provincial, reply, post])]);
    expect(decision).toMatchObject({ kind: 'attach', relation: 'cites-source' });
    if (decision.kind === 'attach') expect(decision.matched?.citedOutlet).toBe('云南网');
  });

  it('attaches a near-copy as a near-duplicate, whatever its score', () => {
    // A portal's copy of the provincial report: the same words, another title.
    const copy = { ...provincial, itemId: 'copy', titleKey: '宜良塌陷', at: at(10) };
    expect(decideEventCluster(copy, [incident('collapse', [provincial])])).toMatchObject({
      relation: 'near-duplicate',
      incidentId: 'collapse',
    });
  });

  it('takes the incident it matches best when two are open', () => {
    const wagesIncident = incident('wages', [
      report('w', '工地欠薪', '宜良县 匡 远 街道 工地 拖欠 农民工 工资', '宜良论坛', 1),
    ]);
    expect(
      decideEventCluster(provincial, [wagesIncident, incident('collapse', [post, reply])]),
    ).toMatchObject({
      incidentId: 'collapse',
    });
  });

  it('does not attach to an incident quiet for longer than the window', () => {
    const late = { ...provincial, at: at(EVENT_CLUSTERING.windowHours + 1) };
    expect(decideEventCluster(late, [incident('collapse', [post])])).toEqual({ kind: 'new-incident' });
  });
});

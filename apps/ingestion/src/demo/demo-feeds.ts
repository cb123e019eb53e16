import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

// Demo outlets for `npm start`, served on 127.0.0.1: a county forum (UTF-8), a provincial news site (GBK), a
// second county's forum, and the county's official Weibo account (宜良发布), registered with guidance as the
// county's own: its first post is the reply guidance approved and published, its second went out unapproved. Entries appear one by one as time passes, so a newcomer sees items arrive, cluster
// into incidents and heat up. The stories concern the demo org tree's units (宜良县, 石林县).

export const DEMO_FEEDS = ['yl-forum', 'yn-news', 'sl-forum', 'yl-weibo'] as const;

/** The reply guidance's demo approved and published at this post's address (matched by its URL). */
const YL_WEIBO_APPROVED =
  '宜良县匡远街道部分路段出现路面塌陷，县交通运输局已对塌陷路段设置围挡和警示标志，抢修工作正在进行，预计三日内完成修复。塌陷原因正在调查，结果将及时公布。';

interface DemoEntry {
  readonly feed: (typeof DEMO_FEEDS)[number];
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

const COLLAPSE =
  '有网友发帖称，宜良县匡远街道某路段出现路面塌陷，一辆电动车险些掉入坑中，塌陷处仅用几个雪糕筒围挡，夜间照明不足，存在安全隐患。' +
  '附近商户表示，该路段近期在进行管网施工，雨后塌陷加剧。网友呼吁相关部门尽快修复并加强警示。宜良县交通运输局工作人员表示已安排人员前往现场处置。';
const WAGES = '宜良县某建筑工地二十余名农民工反映被拖欠工资四个月，多次讨要无果，希望劳动监察部门介入处理。';
const FEES =
  '有游客反映，石林县某景区停车场乱收费，标价十元实际收取三十元，工作人员态度冷漠，游客投诉后无人处理。';

const ENTRIES: readonly DemoEntry[] = [
  { feed: 'yl-forum', id: '1', title: '宜良县匡远街道路面塌陷，电动车险些掉进坑里', text: COLLAPSE },
  { feed: 'sl-forum', id: '1', title: '石林县景区停车场乱收费，投诉无人管', text: FEES },
  {
    feed: 'yn-news',
    id: '77',
    title: '【网友关注】宜良县匡远街道路面塌陷 存在安全隐患',
    text: `转载：${COLLAPSE} 来源：宜良论坛 编辑：杨华`,
  },
  { feed: 'yl-forum', id: '2', title: '宜良县某工地拖欠农民工工资四个月', text: WAGES },
  {
    feed: 'yl-forum',
    id: '3',
    title: '匡远街道塌陷路段今天还没修好',
    text: `跟帖：${COLLAPSE.slice(0, 60)}……今天路过还是老样子，塌陷好像更大了，太危险了。`,
  },
  {
    feed: 'yn-news',
    id: '78',
    title: '宜良县回应匡远街道路面塌陷：已设置围挡 正在抢修',
    text: '针对网友反映的宜良县匡远街道路面塌陷问题，宜良县交通运输局回应称，已对塌陷路段设置围挡和警示标志，抢修工作正在进行，预计三日内完成修复。',
  },
  // The reply guidance's demo published at this address (apps/guidance/src/demo): no detection.
  { feed: 'yl-weibo', id: '1', title: '宜良发布：关于匡远街道路面塌陷的情况通报', text: YL_WEIBO_APPROVED },
  {
    // Posted by the account without any approved wording, and stating a cause (慎报原因): detected as a release
    // nobody approved (guidance.UnapprovedReleaseDetected).
    feed: 'yl-weibo',
    id: '2',
    title: '宜良发布：匡远街道路面塌陷系施工单位违规作业所致',
    text: '经初步调查，宜良县匡远街道路面塌陷系管网施工单位违规作业所致，相关责任人已被停职检查，施工单位将被列入黑名单。',
  },
];

/** Serves the demo feeds; `revealEverySeconds` controls how fast new entries appear. */
export class DemoFeedServer {
  private server: Server | undefined;
  private readonly startedAt = Date.now();

  constructor(private readonly revealEverySeconds = 45) {}

  async start(port: number): Promise<string> {
    this.server = createServer((req, res) => {
      const feed = DEMO_FEEDS.find((name) => req.url === `/${name}.xml`);
      if (!feed) return res.writeHead(404).end();
      const base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
      const xml = this.render(feed, base);
      if (feed === 'yn-news')
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(iconv.encode(xml.replace('UTF-8', 'GBK'), 'gbk'));
      else res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(xml);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise((resolve) => this.server!.close(resolve));
  }

  private render(feed: DemoEntry['feed'], base: string): string {
    const revealed = Math.min(
      ENTRIES.length,
      1 + Math.floor((Date.now() - this.startedAt) / (this.revealEverySeconds * 1000)) * 2,
    );
    const items = ENTRIES.slice(0, revealed)
      .filter((entry) => entry.feed === feed)
      .map(
        (entry) => `<item><title>${entry.title}</title><link>${base}/${feed}/${entry.id}.html</link>
<description><![CDATA[<p>${entry.text}</p>]]></description><pubDate>${new Date().toUTCString()}</pubDate></item>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${feed}</title><link>${base}/${feed}</link>${items}</channel></rss>`;
  }
}

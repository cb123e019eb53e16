import type { EventData, WrittenRequestFiled } from '@yuqing/contracts';

export type WrittenRequestKind = EventData<typeof WrittenRequestFiled>['kind'];

/** The document's title by kind (文种): a 请示 asks for approval, a 报告 reports and asks, a 函 consults. */
export const WRITTEN_REQUEST_TITLES: Readonly<Record<WrittenRequestKind, string>> = {
  'city-coordination': '关于请求市局协调处理网上信息的报告',
  'outside-media-coverage': '关于请求协调市外、省外媒体采访报道的报告',
  'joint-media-campaign': '关于统筹传统媒体、网络媒体开展舆论引导的报告',
  'press-conference': '关于召开新闻发布会的请示',
  'level-2-consultation': '关于二级舆情处置的征求意见函',
};

/**
 * Kinds of event and the words reports use for them (同义词): a netizen writes 没水, the water company 停水, the
 * paper 断水. Clustering@2 adds the concept of each word it finds as a term of its own, so that reports of one
 * event in different words share it. A concept says what kind of event it is, not which one: places and time
 * tell two events of one kind apart. Data: a deployment may extend it.
 */
export const EVENT_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  塌陷: [
    '塌陷',
    '塌方',
    '下陷',
    '沉陷',
    '大坑',
    '天坑',
    '深坑',
    '坍塌',
    '塌了',
    '陷了',
    '开了天窗',
    '垮塌',
    '滑坡',
    '垮',
    '落石',
  ],
  停水: ['停水', '没水', '断水', '来水', '供水', '爆管', '水管爆', '送水车', '桶装水', '自来水'],
  停电: ['停电', '没电', '断电', '来电', '供电', '跳闸'],
  暴雨: [
    '暴雨',
    '大雨',
    '强降雨',
    '降雨',
    '内涝',
    '积水',
    '受淹',
    '淹了',
    '被淹',
    '洪水',
    '山洪',
    '泥石流',
    '防汛',
  ],
  污染: [
    '污染',
    '发黑',
    '发臭',
    '黑臭',
    '臭味',
    '臭气',
    '恶臭',
    '排污',
    '偷排',
    '直排',
    '污水',
    '粪水',
    '死鱼',
    '异味',
  ],
  欠薪: ['欠薪', '拖欠', '讨薪', '欠款', '工钱', '工资', '农民工', '劳务费', '结算'],
  噪音: ['噪音', '噪声', '扰民', '低音炮', '吵闹', '广场舞', 'ktv', '施工噪音'],
  火灾: ['起火', '火灾', '着火', '失火', '大火', '浓烟', '明火', '消防', '过火', '烧毁'],
  食品安全: ['腹痛', '肚子疼', '呕吐', '腹泻', '食物中毒', '变质', '过期', '食品安全', '发霉', '异物'],
  交通事故: ['车祸', '相撞', '追尾', '侧翻', '碰撞', '交通事故', '撞上', '撞倒', '肇事'],
  流浪犬: ['流浪狗', '野狗', '流浪犬', '犬只', '狗咬', '咬伤', '狂犬'],
  诈骗: ['诈骗', '骗局', '被骗', '骗子', '保健品', '传销', '非法集资', '理财'],
  收费: ['乱收费', '收费', '多收', '宰客', '天价', '价格', '标价', '高价', '退费'],
  拆迁: ['拆迁', '征地', '补偿', '强拆', '安置', '征收'],
  违建: ['违建', '违章建筑', '私搭乱建', '加盖', '违法建设', '阳光房', '拆除'],
  垃圾: ['垃圾', '堆放', '倾倒', '填埋场', '垃圾场', '渗滤液', '清运'],
  物业: ['物业费', '业委会', '电梯故障', '停车费'],
  医疗: ['挂号', '看病', '就医', '医疗纠纷', '误诊', '延误救治', '医疗事故'],
  校园: ['校车', '校园欺凌', '体罚', '补课', '择校'],
  农田: ['农田', '耕地', '取土', '挖土', '盗挖', '毁田', '基本农田', '庄稼', '稻谷'],
  出行: ['公交', '班车', '线路', '站点', '出租车', '拒载', '网约车', '绕路'],
};

/** Word → its concept, for the lookup per word. */
export const CONCEPT_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(EVENT_CONCEPTS).flatMap(([concept, words]) => words.map((word) => [word, concept] as const)),
);

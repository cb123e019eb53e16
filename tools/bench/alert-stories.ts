// The stories of npm run bench:alert (tools/bench/alert.bench.ts).

// Fifty stories that cluster apart, as fifty real events would: one of ten kinds of event told in sentences of its
// kind, in one of 昆明's fourteen counties (no two stories share both), with a road, a housing estate, a company and
// a person of their own. Stories that shared a county, a kind and the same hour would rightly be one incident.
/** 昆明's fourteen districts and counties: two reports of one kind of event in two of them are two events. */
export const COUNTIES = [
  '五华区',
  '盘龙区',
  '官渡区',
  '西山区',
  '东川区',
  '呈贡区',
  '晋宁区',
  '富民县',
  '宜良县',
  '石林县',
  '嵩明县',
  '禄劝县',
  '寻甸县',
  '安宁市',
];
/** Ten kinds of event; each story of a kind tells it in two sentences no other story of the kind uses. */
const KINDS: readonly { readonly what: string; readonly lines: readonly string[] }[] = [
  {
    what: '路面塌陷',
    lines: [
      '一辆白色轿车前轮陷进坑里',
      '坑口直径约三米深两米',
      '交警拉起警戒线疏导车辆',
      '一名骑电动车的老人险些跌入',
      '燃气管道裸露在外',
      '施工队连夜运来沙石回填',
      '路口公交线路临时改道',
      '旁边商铺墙体出现裂缝',
      '下水管破裂污水漫上路面',
      '学生上学只能绕行',
    ],
  },
  {
    what: '自来水浑浊',
    lines: [
      '水龙头流出的水发黄带沉淀',
      '住户只能买桶装水做饭',
      '孩子洗澡后皮肤起红疹',
      '水箱多年没有清洗',
      '物业说是二次供水设备故障',
      '居民自费送检发现铁锰超标',
      '供水公司派车送水',
      '老旧铸铁管锈蚀严重',
      '停水通知没有提前张贴',
      '居民把浑水装瓶送到社区',
    ],
  },
  {
    what: '学校食堂食材发霉',
    lines: [
      '家长群里流传发霉馒头的照片',
      '十多名学生午饭后腹痛',
      '食堂承包商已被叫停',
      '冷库里发现过期冻肉',
      '家长自发组织陪餐监督',
      '教育局派人封存留样',
      '学生说菜里吃出虫子',
      '伙食费每月六百元却吃不饱',
      '校长在家长会上道歉',
      '卫生许可证早已过期',
    ],
  },
  {
    what: '拆迁补偿款未到位',
    lines: [
      '几十户村民聚在村委会门口',
      '协议约定的付款期限已过半年',
      '有村民的房子已被推平',
      '补偿标准前后不一',
      '老人只能租住在亲戚家',
      '村干部被指优亲厚友',
      '村民拉横幅写着还我血汗钱',
      '过渡费也停发了',
      '评估公司资质受到质疑',
      '镇政府承诺月底前兑付',
    ],
  },
  {
    what: '工厂偷排废水',
    lines: [
      '排污口半夜流出黑色液体',
      '下游河道漂起大片死鱼',
      '村民夜里被刺鼻气味熏醒',
      '稻田里的秧苗枯黄',
      '井水烧开后有一层油膜',
      '环保部门连夜取样',
      '厂区暗管通向河沟',
      '养鸭户的鸭子成批死亡',
      '工厂门口贴出停产整改通知',
      '志愿者沿河拍下排污视频',
    ],
  },
  {
    what: '游客被强制购物',
    lines: [
      '导游威胁不消费不准下车',
      '游客拍的视频播放量破百万',
      '玉石店一件手镯标价三万',
      '老人被关在店里两小时',
      '旅行社零团费招揽客人',
      '文旅部门约谈涉事旅行社',
      '游客集体投诉要求退款',
      '导游骂游客没良心',
      '购物店已被责令停业',
      '行程单上写的景点一个没去',
    ],
  },
  {
    what: '急诊排队无人接诊',
    lines: [
      '高烧的孩子在走廊等了四个小时',
      '家属和护士发生争执',
      '急诊只有一名值班医生',
      '挂号系统半夜宕机',
      '救护车送来的病人被拒收',
      '院方称人手严重不足',
      '卫健委派工作组进驻',
      '患者家属在大厅拉横幅',
      '候诊椅不够老人坐在地上',
      '医院承诺增开夜间诊室',
    ],
  },
  {
    what: '楼盘延期交房',
    lines: [
      '合同约定的交房日已过一年',
      '业主在售楼部门口拉横幅',
      '工地塔吊已经停了半年',
      '开发商被曝资金链断裂',
      '有业主每月还贷还要付房租',
      '住建部门召开协调会',
      '监管账户里的预售款去向不明',
      '业主代表被保安推搡',
      '楼栋只建到一半就停工',
      '开发商承诺年底前复工',
    ],
  },
  {
    what: '农民工讨薪',
    lines: [
      '四十多名工人被拖欠八个月工资',
      '讨薪工人被保安推倒在地',
      '包工头电话关机失联',
      '工人在工地门口打地铺',
      '人社部门介入调查',
      '总包单位承诺先行垫付',
      '工资表上的签名被指伪造',
      '有工人买不起回家的车票',
      '派出所已经受理报案',
      '讨薪视频在快手上转发',
    ],
  },
  {
    what: '菜市场缺斤短两',
    lines: [
      '顾客用自带的秤复称少了三两',
      '摊主拒绝退还差价',
      '电子秤被改装加了遥控器',
      '市场监管部门突击检查',
      '公平秤常年锁在柜子里',
      '商户说市场管理费太高',
      '一位阿姨买的排骨少了半斤',
      '执法人员当场没收问题秤',
      '市场管理方贴出整改承诺',
      '网友晒出多家摊位的复称结果',
    ],
  },
];

export function storyOf(i: number): { title: string; text: string } {
  const syllables = '安宝昌东丰富光海和华吉佳金锦康乐力龙美明宁平庆瑞盛顺泰通旺祥新兴阳永裕兆振正中';
  const name = (k: number) =>
    syllables[(i * 13 + k * 7) % syllables.length]! + syllables[(i * 29 + k * 11) % syllables.length]!;
  const county = COUNTIES[i % COUNTIES.length]!;
  const kind = KINDS[i % KINDS.length]!;
  // The stories of one kind are i, i + 10, i + 20 …: each takes the next two sentences of the kind.
  const block = Math.floor(i / KINDS.length) % 5;
  const [first, second] = [kind.lines[2 * block]!, kind.lines[2 * block + 1]!];
  return {
    title: `${county}${name(1)}路${kind.what}：${first}`,
    text: `${county}${name(1)}路${name(2)}小区${kind.what}，${first}，${second}。当事人${name(3)}先生说${name(4)}公司至今没有回应。`,
  };
}

/** The county's keyword rule every story passes. */
export const STORY_RULE = `(${COUNTIES.join(' OR ')}) AND (${KINDS.map((k) => k.what).join(' OR ')})`;

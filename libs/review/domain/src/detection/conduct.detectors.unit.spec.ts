import { at, COUNTY, detectWith, evidenceIds, L1, L2, L3, ScopeFacts } from '../testing/facts';
import {
  guidanceNotDoneDetector,
  leakDetector,
  poorHandlingDetector,
  unapprovedReleaseDetector,
} from './conduct.detectors';

// 擅自发布, 泄露, 处置不力 and 不按要求开展舆情引导: findings that rest on what another context decided, or on text.

describe('unapproved-release: an official account posted what no release approved (擅自发布)', () => {
  it('finds it against the account’s unit, when it was published', () => {
    const given = new ScopeFacts('release-check:item-9');
    const detected = given.unapprovedRelease({ itemId: 'item-9', captured: 100, published: 95 });

    const found = detectWith(unapprovedReleaseDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'unapproved-release',
        article: '第二十八条',
        subject: 'item:item-9',
        responsibleOrgUnitId: COUNTY,
        severity: 'general',
        occurredAt: at(95),
        period: '2026-Q4',
        detector: 'unapproved-release@1',
      }),
    ]);
    expect(found[0]!.incidentId).toBeUndefined();
    expect(found[0]!.summary).toContain('宜良发布');
    expect(evidenceIds(found[0]!)).toEqual([detected.eventId]);
  });

  it('dates it by the capture when the platform shows no publication time', () => {
    const given = new ScopeFacts('release-check:item-9');
    given.unapprovedRelease({ itemId: 'item-9', captured: 100 });

    expect(detectWith(unapprovedReleaseDetector, given.facts)[0]).toEqual(
      expect.objectContaining({ occurredAt: at(100) }),
    );
  });
});

describe('leak: a confidential bulletin’s text found online after it was submitted (泄露)', () => {
  const POST =
    '今天早上宜良县城某路段突然发生大面积塌陷，两辆汽车掉进坑里，现场有人受伤，希望有关部门赶快处理！';
  const ASSESSMENT =
    '县交通运输局初步判断为地下供水管道长期渗漏所致，施工单位存在违规开挖问题，责任认定尚未完成，请勿对外公开。';
  const BODY = `一、基本情况：网民发帖称“${POST}”\n二、研判意见：${ASSESSMENT}\n三、处置建议：由县交通运输局牵头抢修，县委网信办统一发布权威信息。`;

  /** A 二级 incident: the post captured at 10, the bulletin (quoting it) submitted at 100 by the county. */
  function bulletined() {
    const given = new ScopeFacts();
    given.gradeConfirmed(L2, 2);
    given.itemCaptured({ itemId: 'post', title: '宜良某路段塌陷', text: POST }, 10);
    const bulletin = given.bulletinSubmitted(
      { bulletinId: 'bul-1', obligationId: 'ob-bul', body: BODY },
      100,
    );
    return { given, bulletin };
  }

  it('finds the bulletin’s assessment posted online, against the bulletin’s unit, as severe as the grade in force', () => {
    const { given, bulletin } = bulletined();
    const leaked = given.itemCaptured(
      { itemId: 'leaked', title: '内部消息', text: `内部消息：${ASSESSMENT}`, outlet: '某微博账号' },
      300,
    );

    const found = detectWith(leakDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'leak',
        article: '第二十八条',
        subject: 'leak:bul-1:leaked',
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        severity: 'major',
        occurredAt: at(300),
        period: '2026-Q4',
        detector: 'leak@1',
      }),
    ]);
    expect(found[0]!.summary).toContain('某微博账号');
    expect(evidenceIds(found[0]!)).toEqual([bulletin.eventId, leaked.eventId]);
  });

  it('finds nothing in an item captured before the bulletin, whatever its text', () => {
    const given = new ScopeFacts();
    given.itemCaptured({ itemId: 'early', text: `内部消息：${ASSESSMENT}` }, 50);
    given.bulletinSubmitted({ bulletinId: 'bul-1', obligationId: 'ob-bul', body: BODY }, 100);

    expect(detectWith(leakDetector, given.facts)).toEqual([]);
  });

  it('finds nothing in an unrelated text, or in an excerpt too short to say it came from the bulletin', () => {
    const { given } = bulletined();
    given.itemCaptured(
      { itemId: 'other', title: '周末', text: '今天天气很好，适合出门踏青，公园里游人如织，大家都很开心。' },
      300,
    );
    given.itemCaptured({ itemId: 'short', title: '消息', text: '地下供水管道长期渗漏' }, 310);

    expect(detectWith(leakDetector, given.facts)).toEqual([]);
  });

  it('finds nothing in a later repost of an online post the bulletin quoted: that text was public before it', () => {
    const { given } = bulletined();
    given.itemCaptured({ itemId: 'repost', title: '转发', text: `转发：${POST}` }, 300);

    expect(detectWith(leakDetector, given.facts)).toEqual([]);
  });
});

describe('poor-handling: an escalation because the incident grew through poor handling (处置不力)', () => {
  it('finds a 三级 escalated to 二级 through poor handling, against the unit, as severe as the grade it grew to', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L3, 2);
    const escalation = given.gradeEscalated(
      { from: L3, to: L2, trigger: 'grew-through-poor-handling' },
      3000,
    );

    const found = detectWith(poorHandlingDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'poor-handling',
        article: '第二十八条',
        subject: `escalation:${escalation.eventId}`,
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        severity: 'major',
        occurredAt: at(3000),
        period: '2026-Q4',
        detector: 'poor-handling@1',
      }),
    ]);
    expect(evidenceIds(found[0]!)).toEqual([escalation.eventId]);
  });

  it('finds nothing for an escalation by any other trigger (heat, reach, new evidence, the authority)', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L3, 2);
    given.gradeEscalated({ from: L3, to: L2, trigger: 'heat-rose' }, 100);
    given.gradeEscalated({ from: L2, to: L1, trigger: 'wider-reach' }, 200);

    expect(detectWith(poorHandlingDetector, given.facts)).toEqual([]);
  });
});

describe('guidance-not-done: an online-guidance task not reported back in time (不按要求开展舆情引导)', () => {
  it('finds the overdue task against the unit and the commentator, with the proposal’s incident', () => {
    const given = new ScopeFacts();
    const proposed = given.guidanceProposed('p-1', 10);
    const overdue = given.guidanceTaskOverdue({
      proposalId: 'p-1',
      taskId: 't-1',
      commentatorId: 'yl.commentator',
      due: 480,
    });

    const found = detectWith(guidanceNotDoneDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'guidance-not-done',
        article: '第二十八条',
        subject: 'guidance-task:t-1',
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: 'yl.commentator',
        severity: 'general',
        occurredAt: at(480),
        period: '2026-Q4',
        detector: 'guidance-not-done@1',
      }),
    ]);
    expect(evidenceIds(found[0]!)).toEqual([proposed.eventId, overdue.eventId]);
  });

  it('finds nothing while no task is overdue', () => {
    const given = new ScopeFacts();
    given.guidanceProposed('p-1', 10);

    expect(detectWith(guidanceNotDoneDetector, given.facts)).toEqual([]);
  });

  it('still finds the overdue task when the proposal is not in the facts, without an incident', () => {
    const given = new ScopeFacts();
    given.guidanceTaskOverdue({
      proposalId: 'p-1',
      taskId: 't-1',
      commentatorId: 'yl.commentator',
      due: 480,
    });

    const [found] = detectWith(guidanceNotDoneDetector, given.facts);
    expect(found).toEqual(expect.objectContaining({ subject: 'guidance-task:t-1' }));
    expect(found!.incidentId).toBeUndefined();
  });
});

import { CITY, COUNTY, L1, L2, POLICY, ScopeFacts } from '../testing/facts';
import type { Detector } from './detector';
import { detect, DETECTORS, findingKey } from './detectors';

// All detectors together over one scope: a clean incident shows nothing; each finding once per kind and subject.

describe('detect: every detector in force over a scope', () => {
  it('finds nothing in a clean incident: reports on time with the figures verified, found first, no poor handling', () => {
    const given = new ScopeFacts();
    const URL = 'https://weibo.com/u/123/post-1';
    // The city captured the post, but the county captured its own item of the incident within the grace.
    given.itemCaptured({ itemId: 'city-item', url: URL, orgUnit: CITY }, 0);
    given.itemCaptured({ itemId: 'own', text: '某路段塌陷，两辆汽车受损。' }, 20);
    given.itemTransferredIn({ itemId: 'x', from: CITY, url: URL }, 90);
    given.itemCaptured({ itemId: 'x', url: URL }, 90);
    given.incidentDetected(['own', 'x'], 91);
    given.gradeConfirmed(L2, 92);
    given.itemVerified({ itemId: 'own', figures: [{ name: '受损车辆', value: 2, unit: '辆' }] }, 95);
    given.obligationOpened({ obligationId: 'ob-bul', kind: 'bulletin', due: 92 + 120, grade: L2 }, 92);
    given.bulletinSubmitted(
      {
        bulletinId: 'bul-1',
        obligationId: 'ob-bul',
        body: '一、基本情况：某路段塌陷，两辆汽车受损，无人员伤亡。二、研判意见：关注度有限，预计平稳。',
        figures: [{ name: '受损车辆', value: 2, unit: '辆' }],
        statedGrade: L2,
      },
      150,
    );
    given.obligationFulfilled(
      { obligationId: 'ob-bul', kind: 'bulletin', reportId: 'bul-1', due: 92 + 120 },
      150,
    );
    given.taskOpened({ taskId: 'task-1', assignee: 'cn.yn.km.yl.jtj', due: 48 * 60 }, 200);
    given.taskCompleted({ taskId: 'task-1', assignee: 'cn.yn.km.yl.jtj', due: 48 * 60 }, 30 * 60);
    given.gradeEscalated({ from: L2, to: L1, trigger: 'heat-rose' }, 20 * 60);
    given.itemCaptured(
      { itemId: 'later', title: '周末', text: '今天天气很好，适合出门踏青，公园里游人如织。' },
      21 * 60,
    );
    given.obligationOpened({ obligationId: 'ob-sum', kind: 'handling-summary', due: 5 * 24 * 60 }, 40 * 60);
    given.handlingCompleted(40 * 60);

    expect(detect(given.facts, POLICY)).toEqual([]);
  });

  it('keeps one finding per kind and subject: the first detector’s', () => {
    const given = new ScopeFacts();
    given.obligationOpened({ obligationId: 'ob-1', kind: 'phone-flash', due: 30 });
    given.reportOverdue({ obligationId: 'ob-1', kind: 'phone-flash', due: 30 });
    const shadow: Detector = {
      name: 'late-report@0',
      triggers: DETECTORS[0]!.triggers,
      detect: (facts, policy) =>
        DETECTORS[0]!.detect(facts, policy).map((d) => ({ ...d, summary: '另一说法。' })),
    };

    const found = detect(given.facts, POLICY, [...DETECTORS, shadow]);

    expect(found.map(findingKey)).toEqual(['late-report|obligation:ob-1']);
    expect(found[0]).toEqual(
      expect.objectContaining({ detector: 'late-report@1', responsibleOrgUnitId: COUNTY }),
    );
  });

  it('keys a finding by kind and subject, whichever detector version made it', () => {
    expect(findingKey({ kind: 'late-report', subject: 'obligation:ob-1' })).toBe(
      'late-report|obligation:ob-1',
    );
  });
});

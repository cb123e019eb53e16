import { DomainRuleError, type RecordedEvent } from '@yuqing/contracts';
import {
  decideVerification,
  evolveItem,
  initialItemState,
  type VerificationCommand,
} from './item-verification.decider';

const given = (...types: string[]) =>
  types
    .map((type) => ({ type, data: {} }) as unknown as RecordedEvent)
    .reduce(evolveItem, initialItemState());

const verify: VerificationCommand = {
  kind: 'verify',
  accuracy: 'accurate',
  findings: '经现场核实，河道确有污水排放。',
  evidence: [],
};
const dismiss: VerificationCommand = {
  kind: 'dismiss',
  reason: 'fabricated',
  explanation: '图片系外地旧闻，经比对为2019年外省照片。',
  evidence: [{ kind: 'url', id: 'https://example.cn/old' }],
};

describe('verifying an item (核实)', () => {
  it('given a captured item, when a monitor verifies it, then ItemVerified with the findings', () => {
    expect(decideVerification(verify, given('ingestion.ItemCaptured'), 'item-1', 'inc-1')).toEqual([
      {
        type: 'ingestion.ItemVerified',
        data: {
          itemId: 'item-1',
          incidentId: 'inc-1',
          accuracy: 'accurate',
          findings: verify.findings,
          evidence: [],
        },
      },
    ]);
  });

  it('given a captured item, when a monitor verifies it with figures (核实的数据), then ItemVerified carries them', () => {
    const figures = [
      { name: '受伤人数', value: 3, unit: '人' },
      { name: '排污口数量', value: 1, unit: '处' },
    ];

    expect(
      decideVerification({ ...verify, figures }, given('ingestion.ItemCaptured'), 'item-1', 'inc-1'),
    ).toEqual([
      {
        type: 'ingestion.ItemVerified',
        data: {
          itemId: 'item-1',
          incidentId: 'inc-1',
          accuracy: 'accurate',
          findings: verify.findings,
          evidence: [],
          figures,
        },
      },
    ]);
  });

  it('given a captured item, when dismissed as 伪舆情, then ItemDismissed with the reason and evidence', () => {
    expect(decideVerification(dismiss, given('ingestion.ItemCaptured'), 'item-1')).toEqual([
      {
        type: 'ingestion.ItemDismissed',
        data: {
          itemId: 'item-1',
          reason: 'fabricated',
          explanation: dismiss.explanation,
          evidence: dismiss.evidence,
        },
      },
    ]);
  });

  it.each([
    [[], 'ingestion.item-not-found'],
    [['ingestion.ItemRejected'], 'ingestion.item-not-captured'],
    [['ingestion.ItemCaptured', 'ingestion.ItemVerified'], 'ingestion.item-already-verified'],
    [['ingestion.ItemCaptured', 'ingestion.ItemDismissed'], 'ingestion.item-already-dismissed'],
  ])('given %j, refuses a judgement with rule %s', (history, rule) => {
    try {
      decideVerification(verify, given(...history), 'item-1');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainRuleError);
      expect((error as DomainRuleError).rule).toBe(rule);
    }
  });
});

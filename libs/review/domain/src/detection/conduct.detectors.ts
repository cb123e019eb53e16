import { dataOf, instantMs, ofType } from '../facts';
import { cst, draft, type Detector, type FindingDraft } from './detector';
import { shingleOverlap, shinglesOf } from './shingles';

// 擅自发布, 泄露, 处置不力 and 不按要求开展舆情引导: each rests on one or two events another context already decided.

/** 未经批准擅自对外发布: guidance found an official account's post that matches no approved release (第二十一条). */
export const unapprovedReleaseDetector: Detector = {
  name: 'unapproved-release@1',
  triggers: ['guidance.UnapprovedReleaseDetected'],
  detect(facts) {
    return ofType(facts, 'guidance.UnapprovedReleaseDetected').map((fact) => {
      const d = dataOf<{
        itemId: string;
        accountName: string;
        title: string;
        capturedAt: string;
        publishedAt?: string;
      }>(fact);
      return draft(facts, {
        kind: 'unapproved-release',
        detector: this.name,
        subject: `item:${d.itemId}`,
        responsibleOrgUnitId: fact.orgUnit,
        occurredAt: d.publishedAt ?? d.capturedAt,
        summary: `账号「${d.accountName}」发布的「${d.title}」未经审批（${cst(d.publishedAt ?? d.capturedAt)}）。`,
        evidence: [fact],
      });
    });
  },
};

/**
 * 泄露信息: a captured item, after a confidential 《网上舆情》 bulletin was submitted, carries the bulletin's text (a share
 * of its shingles above the policy's). The bulletin's unit answers for it. What the bulletin quotes of items captured
 * by then (a bulletin cites the posts it reports on) was public already: a repost of it is no leak.
 */
export const leakDetector: Detector = {
  name: 'leak@1',
  triggers: ['reporting.BulletinSubmitted', 'ingestion.ItemCaptured'],
  detect(facts, policy) {
    const drafts: FindingDraft[] = [];
    const bulletins = ofType(facts, 'reporting.BulletinSubmitted');
    if (bulletins.length === 0) return drafts;
    type Captured = { itemId: string; title: string; text?: string; outlet: string; capturedAt: string };
    const items = ofType(facts, 'ingestion.ItemCaptured');
    const content = (c: Captured) => `${c.title}\n${c.text ?? ''}`;
    // Per bulletin, the text public when it was submitted: that of the items captured by then.
    const publicAt = new Map(
      bulletins.map((bulletin) => [
        bulletin,
        shinglesOf(
          items
            .map((f) => dataOf<Captured>(f))
            .filter((c) => instantMs(c.capturedAt) <= instantMs(bulletin.time))
            .map(content),
        ),
      ]),
    );
    for (const item of items) {
      const captured = dataOf<Captured>(item);
      for (const bulletin of bulletins) {
        if (instantMs(captured.capturedAt) <= instantMs(bulletin.time)) continue;
        const b = dataOf<{ bulletinId: string; incidentId: string; title: string; body: string }>(bulletin);
        const overlap = shingleOverlap(b.body, content(captured), publicAt.get(bulletin));
        if (overlap.shared < policy.leakMinimumShingles || overlap.share < policy.leakOverlap) continue;
        drafts.push(
          draft(facts, {
            kind: 'leak',
            detector: this.name,
            subject: `leak:${b.bulletinId}:${captured.itemId}`,
            incidentId: b.incidentId,
            responsibleOrgUnitId: bulletin.orgUnit,
            occurredAt: captured.capturedAt,
            summary: `内部材料《${b.title}》的内容（${Math.round(overlap.share * 100)}%）出现在「${captured.outlet}」发布的信息中。`,
            evidence: [bulletin, item],
          }),
        );
      }
    }
    return drafts;
  },
};

/** 处置不力: grading escalated the incident because it grew through poor handling (处置不当升级). */
export const poorHandlingDetector: Detector = {
  name: 'poor-handling@1',
  triggers: ['grading.GradeEscalated'],
  detect(facts) {
    return ofType(facts, 'grading.GradeEscalated')
      .filter((fact) => dataOf<{ trigger: string }>(fact).trigger === 'grew-through-poor-handling')
      .map((fact) => {
        const d = dataOf<{ incidentId: string; reason: string }>(fact);
        return draft(facts, {
          kind: 'poor-handling',
          detector: this.name,
          subject: `escalation:${fact.eventId}`,
          incidentId: d.incidentId,
          responsibleOrgUnitId: fact.orgUnit,
          occurredAt: fact.time,
          summary: `因处置不当舆情升级：${d.reason}`,
          evidence: [fact],
        });
      });
  },
};

/** 不按要求开展舆情引导: an online-guidance task (网评引导) not reported back by its due time. */
export const guidanceNotDoneDetector: Detector = {
  name: 'guidance-not-done@1',
  triggers: ['guidance.GuidanceTaskOverdue'],
  detect(facts) {
    return ofType(facts, 'guidance.GuidanceTaskOverdue').map((fact) => {
      const d = dataOf<{ proposalId: string; taskId: string; commentatorId: string; dueAt: string }>(fact);
      const proposal = facts.find(
        (f) =>
          f.type === 'guidance.OnlineGuidanceProposed' &&
          dataOf<{ proposalId: string }>(f).proposalId === d.proposalId,
      );
      const incidentId = proposal ? dataOf<{ incidentId?: string }>(proposal).incidentId : undefined;
      return draft(facts, {
        kind: 'guidance-not-done',
        detector: this.name,
        subject: `guidance-task:${d.taskId}`,
        incidentId,
        responsibleOrgUnitId: fact.orgUnit,
        responsiblePersonId: d.commentatorId,
        occurredAt: d.dueAt,
        summary: `网评引导任务超过时限（${cst(d.dueAt)}）未反馈。`,
        evidence: [proposal, fact],
      });
    });
  },
};

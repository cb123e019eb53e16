import { Timeline } from 'antd';
import type { Decision, Grade, Obligation } from '../../api/types';
import { EVENT_LABELS, REPORT_KINDS, gradeLabel } from '../../components/terms';
import { beijing } from '../../components/time';
import { Section } from '../../components/Section';

interface Entry {
  key: string;
  at: string;
  label: string;
  detail: string;
  color: string;
}

function decisionDetail(decision: Decision): string {
  const data = decision.data as { grade?: Grade; to?: Grade; reason?: string; note?: string };
  const grade = data.grade ?? data.to;
  return [
    grade ? gradeLabel(grade) : '',
    data.reason ?? data.note ?? '',
    decision.ruleVersion ? `规则 ${decision.ruleVersion}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Every decision on the incident, grading's and reporting's, in the order they were made. */
export function HistoryTimeline({
  decisions,
  obligations,
}: {
  decisions: readonly Decision[];
  obligations: readonly Obligation[];
}) {
  const entries: Entry[] = [
    ...decisions.map((decision) => ({
      key: decision.eventId,
      at: decision.recordedAt,
      label: EVENT_LABELS[decision.type] ?? decision.type,
      detail: decisionDetail(decision),
      color: decision.type === 'grading.GradeProposed' ? 'gray' : 'blue',
    })),
    ...obligations.flatMap((obligation) => {
      const kind = REPORT_KINDS[obligation.kind] ?? obligation.kind;
      const opened: Entry = {
        key: `${obligation.obligationId}:due`,
        at: obligation.dueAt,
        label: `报送时限：${kind}`,
        detail: obligation.ruleSetVersion ? `规则 ${obligation.ruleSetVersion}` : '',
        color: obligation.standing === 'overdue' ? 'red' : 'gray',
      };
      const fulfilled: Entry[] = obligation.fulfilledAt
        ? [
            {
              key: `${obligation.obligationId}:done`,
              at: obligation.fulfilledAt,
              label: `已报送：${kind}`,
              detail: '',
              color: 'green',
            },
          ]
        : [];
      return [opened, ...fulfilled];
    }),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return (
    <Section title="处置记录">
      {entries.length === 0 ? (
        <p>暂无记录</p>
      ) : (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.key,
            color: entry.color,
            children: (
              <>
                <strong>{entry.label}</strong> <span>{beijing(entry.at)}</span>
                {entry.detail && <div>{entry.detail}</div>}
              </>
            ),
          }))}
        />
      )}
    </Section>
  );
}

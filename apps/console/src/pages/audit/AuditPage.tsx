import { useMemo, useState } from 'react';
import { Button, Descriptions, Select, Slider, Space, Typography } from 'antd';
import { ApiError, seg, withQuery } from '../../api/client';
import type { Grade, GradingIncident, GradingIncidentDetail, Obligation, Proposal } from '../../api/types';
import { useApi, type Loaded } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { GradeTag } from '../../components/GradeTag';
import { ProblemAlert } from '../../components/ProblemAlert';
import { HistoryTimeline } from '../incident/HistoryTimeline';
import { REPORT_KINDS, STANDINGS } from '../../components/terms';
import { beijing } from '../../components/time';
import { useSession } from '../../app/session';
import { Section } from '../../components/Section';

interface Replay {
  incidentId: string;
  asOf: string | null;
  version: number;
  grade: Grade | null;
  openProposal: Proposal | null;
  categories: string[];
  facts: { heat: { heatIndex?: number } | null };
}

/** The state of reporting obligations as of a moment, from their own timestamps. */
function obligationsAsOf(
  obligations: readonly Obligation[],
  at: number,
): { kind: string; standing: string }[] {
  return obligations.map((o) => {
    const fulfilled = o.fulfilledAt !== null && Date.parse(o.fulfilledAt) <= at;
    const overdue = Date.parse(o.dueAt) <= at;
    return { kind: o.kind, standing: fulfilled ? 'fulfilled' : overdue ? 'overdue' : 'pending' };
  });
}

function AsOf({ incidentId }: { incidentId: string }) {
  const { can } = useSession();
  const detail = useApi<GradingIncidentDetail>(`/api/grading/incidents/${seg(incidentId)}`);
  const obligations = useApi<{ obligations: Obligation[] }>(
    can('reporting.read-reports')
      ? `/api/reporting/obligations?incidentId=${seg(incidentId)}&limit=100`
      : null,
  );
  // The moments something was decided or received: the slider steps through them.
  const moments = useMemo(() => {
    const times = [
      ...(detail.data?.history ?? []).map((d) => d.recordedAt),
      ...(obligations.data?.obligations ?? []).flatMap((o) => [
        o.dueAt,
        ...(o.fulfilledAt ? [o.fulfilledAt] : []),
      ]),
    ];
    // A deadline still ahead is not a moment of the history yet: as of it, nothing would be known.
    const now = Date.now();
    return [...new Set(times)]
      .filter((time) => Date.parse(time) <= now)
      .sort((a, b) => Date.parse(a) - Date.parse(b));
  }, [detail.data, obligations.data]);
  const [index, setIndex] = useState<number | undefined>(undefined);
  const position = index ?? Math.max(0, moments.length - 1);
  const at = moments[position];
  const replay = useApi<Replay>(
    at && can('audit.replay')
      ? withQuery(`/api/grading/incidents/${seg(incidentId)}/replay`, { asOf: at })
      : null,
  );

  if (detail.error) return <ProblemAlert error={detail.error} />;
  if (!detail.data) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {moments.length > 1 && (
        <Section title="回放时间">
          <Slider
            min={0}
            max={moments.length - 1}
            value={position}
            onChange={setIndex}
            tooltip={{ formatter: (value) => beijing(moments[value ?? 0]) }}
            ariaLabelForHandle="回放时间"
            ariaValueTextFormatterForHandle={(value) => beijing(moments[value ?? 0])}
          />
          <p>截至 {beijing(at)}</p>
        </Section>
      )}
      <Section title="当时状态">
        <ProblemAlert error={replay.error} />
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="确认级别">
            <GradeTag grade={replay.data?.grade} />
          </Descriptions.Item>
          <Descriptions.Item label="待确认的拟定级别">
            {replay.data?.openProposal ? <GradeTag grade={replay.data.openProposal.grade} proposed /> : '无'}
          </Descriptions.Item>
          <Descriptions.Item label="事件流版本">{replay.data?.version ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="报送">
            {at
              ? obligationsAsOf(obligations.data?.obligations ?? [], Date.parse(at))
                  .map((o) => `${REPORT_KINDS[o.kind] ?? o.kind}：${STANDINGS[o.standing] ?? o.standing}`)
                  .join('；') || '无'
              : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Section>
      <HistoryTimeline
        decisions={detail.data.history.filter((d) => !at || Date.parse(d.recordedAt) <= Date.parse(at))}
        obligations={obligations.data?.obligations ?? []}
      />
    </Space>
  );
}

interface ChainVerification {
  streamId: string;
  ok: boolean;
  events: number;
  verifiedAt: string;
  firstBreak?: { position: number; reason: string };
}

/** One context's record of the incident, its hash chain recomputed by the service when the auditor asks. */
function ChainResult({ label, check }: { label: string; check: Loaded<ChainVerification> }) {
  if (check.error instanceof ApiError && check.error.status === 404) return <p>{label}：无记录</p>;
  if (check.error) return <ProblemAlert error={check.error} />;
  const result = check.data;
  if (!result) return <p>{label}：校验中…</p>;
  return (
    <p data-testid="chain-result">
      {label}：
      {result.ok ? (
        <Chip tone="green">完整</Chip>
      ) : (
        <Chip tone="red">第 {result.firstBreak?.position} 条起不符</Chip>
      )}
      共 {result.events} 条事件，校验于 {beijing(result.verifiedAt)}
      {result.firstBreak ? `（${result.firstBreak.reason}）` : ''}
    </p>
  );
}

function ChainCheck({ incidentId }: { incidentId: string }) {
  const grading = useApi<ChainVerification>(`/api/grading/incidents/${seg(incidentId)}/chain`);
  const reporting = useApi<ChainVerification>(`/api/reporting/incidents/${seg(incidentId)}/chain`);
  return (
    <Section
      title="哈希链校验"
      extra={
        <Button
          size="small"
          onClick={() => {
            grading.reload();
            reporting.reload();
          }}
        >
          重新校验
        </Button>
      }
    >
      <ChainResult label="定级记录" check={grading} />
      <ChainResult label="报送记录" check={reporting} />
    </Section>
  );
}

/** 审计: an incident's history with a slider to see its state as of any moment (grading's replay). */
export function AuditPage() {
  const { can } = useSession();
  const list = useApi<{ incidents: GradingIncident[] }>('/api/grading/incidents?limit=200');
  const [incidentId, setIncidentId] = useState<string | undefined>(undefined);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        审计回放
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <label htmlFor="audit-incident">选择事件</label>
      <Select
        id="audit-incident"
        showSearch
        optionFilterProp="label"
        style={{ maxWidth: 480, width: '100%' }}
        placeholder="选择要回放的事件"
        value={incidentId}
        onChange={setIncidentId}
        options={(list.data?.incidents ?? []).map((i) => ({
          value: i.incidentId,
          label: i.title ?? i.incidentId,
        }))}
      />
      {incidentId && can('audit.verify') && <ChainCheck key={incidentId} incidentId={incidentId} />}
      {incidentId && <AsOf key={incidentId} incidentId={incidentId} />}
    </Space>
  );
}

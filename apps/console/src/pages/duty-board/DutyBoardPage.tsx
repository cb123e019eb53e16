import { useCallback, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { App, Col, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import type { GradingIncident, IngestionIncident, Proposal, StreamEvent } from '../../api/types';
import { useApi } from '../../components/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { GradeTag } from '../../components/GradeTag';
import { reachLabel } from '../../components/terms';
import { beijing } from '../../components/time';
import { useLiveEvents, useLiveStatus } from '../../app/live-events';
import { useInterval } from '../../components/useInterval';
import { useSession, useSignedIn } from '../../app/session';
import { UnitName } from '../../app/org-units';
import { OnDuty } from './OnDuty';
import { beep } from './beep';
import { EmptyText } from '../../components/EmptyText';

type Trend = 'up' | 'down';

interface BoardRow extends IngestionIncident {
  grading: GradingIncident | undefined;
  trend: Trend | undefined;
}

const INCIDENTS = '/api/ingestion/incidents?status=open&limit=200';
const GRADES = '/api/grading/incidents?limit=200';

function TrendMark({ trend }: { trend: Trend | undefined }) {
  if (trend === 'up') return <span>↑ 上升</span>;
  if (trend === 'down') return <span>↓ 下降</span>;
  return <span>—</span>;
}

const columns: ColumnsType<BoardRow> = [
  {
    title: '事件',
    dataIndex: 'title',
    render: (_: unknown, row) => (
      <Link to={`/incidents/${encodeURIComponent(row.incidentId)}`}>{row.title}</Link>
    ),
  },
  { title: '单位', dataIndex: 'orgUnit', render: (_: unknown, row) => <UnitName id={row.orgUnit} /> },
  {
    title: '热度',
    dataIndex: 'heatIndex',
    align: 'right',
    sorter: (a, b) => (a.heatIndex ?? 0) - (b.heatIndex ?? 0),
    render: (value: number | null) => (value === null ? '—' : value.toFixed(1)),
  },
  { title: '趋势', key: 'trend', render: (_: unknown, row) => <TrendMark trend={row.trend} /> },
  { title: '最广传播', dataIndex: 'widestReach', render: (value: string | null) => reachLabel(value) },
  { title: '信息数', dataIndex: 'itemCount', align: 'right' },
  {
    title: '拟定级别',
    key: 'proposal',
    render: (_: unknown, row) => <GradeTag grade={row.grading?.openProposal?.grade} proposed />,
  },
  { title: '确认级别', key: 'grade', render: (_: unknown, row) => <GradeTag grade={row.grading?.grade} /> },
  {
    title: '最近动态',
    dataIndex: 'lastActivityAt',
    render: (value: string) => beijing(value, 'MM-DD HH:mm:ss'),
  },
];

/** 值班台: the live incidents of the person's units, their heat and grades, updated from the event stream. */
export function DutyBoardPage() {
  const session = useSignedIn();
  const { can } = useSession();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const incidents = useApi<{ incidents: IngestionIncident[] }>(INCIDENTS);
  const grades = useApi<{ incidents: GradingIncident[] }>(can('grading.read-incidents') ? GRADES : null);
  const [trends, setTrends] = useState(new Map<string, Trend>());
  const [rosterKey, setRosterKey] = useState(0);
  const alerted = useRef(new Set<string>());
  const pending = useRef<number | undefined>(undefined);

  // Several events arrive together (an item attached, heat, a proposal): one re-fetch for the lot.
  const refetch = useCallback(() => {
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => {
      incidents.reload();
      grades.reload();
    }, 250);
  }, [incidents, grades]);

  useLiveEvents(['ingestion.', 'grading.', 'reporting.Duty'], (event: StreamEvent) => {
    if (event.type.startsWith('reporting.Duty')) {
      setRosterKey((n) => n + 1);
      return;
    }
    if (event.type === 'ingestion.IncidentHeatChanged') {
      const { incidentId, heatIndex, previousHeatIndex } = event.data as {
        incidentId: string;
        heatIndex: number;
        previousHeatIndex: number;
      };
      if (heatIndex !== previousHeatIndex) {
        setTrends((current) =>
          new Map(current).set(incidentId, heatIndex > previousHeatIndex ? 'up' : 'down'),
        );
      }
    }
    if (event.type === 'grading.GradeProposed') {
      const proposal = event.data as unknown as Proposal & { incidentId: string };
      if (proposal.grade?.level === 'level-1' && !alerted.current.has(proposal.proposalId)) {
        alerted.current.add(proposal.proposalId);
        notification.warning({
          message: '新的一级舆情',
          description: `事件已拟定为一级，请立即研判并按时速报（${beijing(event.time, 'HH:mm:ss')}）。`,
          duration: 0,
          placement: 'topRight',
          role: 'alert',
        });
        beep();
      }
    }
    refetch();
  });

  // Without the live stream (reconnecting, or a proxy that buffers it), the board still refreshes itself.
  const live = useLiveStatus();
  useInterval(refetch, live === 'open' ? null : 15_000);

  const rows = useMemo<BoardRow[]>(() => {
    const byId = new Map((grades.data?.incidents ?? []).map((g) => [g.incidentId, g]));
    return (incidents.data?.incidents ?? []).map((incident) => ({
      ...incident,
      grading: byId.get(incident.incidentId),
      trend: trends.get(incident.incidentId),
    }));
  }, [incidents.data, grades.data, trends]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        值班台
      </Typography.Title>
      <ProblemAlert error={incidents.error ?? grades.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={18}>
          <section aria-labelledby="live-incidents">
            <Typography.Title level={2} id="live-incidents" style={{ fontSize: 16 }}>
              本单位在办舆情
            </Typography.Title>
            <Table<BoardRow>
              rowKey="incidentId"
              size="middle"
              columns={columns}
              dataSource={rows}
              loading={incidents.loading && !incidents.data}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 900 }}
              locale={{ emptyText: <EmptyText>暂无在办舆情</EmptyText> }}
              onRow={(row) =>
                ({
                  'data-testid': 'incident-row',
                  'data-incident-id': row.incidentId,
                  // The whole row opens the incident (the title stays a link for keyboards and screen readers).
                  onClick: () => navigate(`/incidents/${encodeURIComponent(row.incidentId)}`),
                  style: { cursor: 'pointer' },
                }) as HTMLAttributes<HTMLElement>
              }
            />
          </section>
        </Col>
        <Col xs={24} xl={6}>
          {can('reporting.read-reports') && <OnDuty orgUnit={session.orgUnit} refreshKey={rosterKey} />}
        </Col>
      </Row>
    </Space>
  );
}

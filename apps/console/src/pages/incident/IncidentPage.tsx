import { useCallback, useMemo, useRef } from 'react';
import { Col, Descriptions, Row, Space, Spin, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { ApiError, seg } from '../../api/client';
import type {
  GradingIncidentDetail,
  IngestionIncidentDetail,
  Obligation,
  StreamEvent,
} from '../../api/types';
import { useApi } from '../../components/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { NotFound } from '../../components/StatusPages';
import { ObligationsTable, skewOf } from '../../components/ObligationsTable';
import { reachLabel } from '../../components/terms';
import { beijing } from '../../components/time';
import { useLiveEvents, useLiveStatus } from '../../app/live-events';
import { reloadSettled, useInterval } from '../../components/useInterval';
import { useSession } from '../../app/session';
import { UnitName } from '../../app/org-units';
import { ItemCard } from './ItemCard';
import { GradePanel } from './GradePanel';
import { HeatChart } from './HeatChart';
import { HistoryTimeline } from './HistoryTimeline';
import { Section } from '../../components/Section';
import { SimilarCases } from '../archive/SimilarCases';

const hidden = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 403);

/** 事件: one incident's items, heat, grade, obligations and history, with the actions the person's roles allow. */
export function IncidentPage() {
  const { incidentId = '' } = useParams();
  const { can } = useSession();
  const id = seg(incidentId);
  const ingestion = useApi<IngestionIncidentDetail>(`/api/ingestion/incidents/${id}`);
  const grading = useApi<GradingIncidentDetail>(
    can('grading.read-incidents') ? `/api/grading/incidents/${id}` : null,
  );
  const obligations = useApi<{ obligations: Obligation[]; now: string }>(
    can('reporting.read-reports') ? `/api/reporting/obligations?incidentId=${id}&limit=100` : null,
  );
  const skew = useMemo(() => skewOf(obligations.data?.now), [obligations.data]);
  const pending = useRef<number | undefined>(undefined);

  const reloadAll = useCallback(() => {
    ingestion.reload();
    grading.reload();
    obligations.reload();
  }, [ingestion, grading, obligations]);

  const afterAction = useCallback(() => reloadSettled(reloadAll), [reloadAll]);

  useLiveEvents(['ingestion.', 'grading.', 'reporting.'], (event: StreamEvent) => {
    const concerned = event.data.incidentId === incidentId || event.streamId.endsWith(incidentId);
    if (!concerned) return;
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(reloadAll, 250);
  });

  // Deadlines open in reporting a moment after a grade: without the live stream, look again every 15 s.
  const live = useLiveStatus();
  useInterval(reloadAll, live === 'open' ? null : 15_000);

  if (hidden(ingestion.error) || hidden(grading.error)) return <NotFound what="该事件" />;
  const incident = ingestion.data;
  if (!incident) {
    return ingestion.error ? (
      <ProblemAlert error={ingestion.error} />
    ) : (
      <Spin tip="加载中…">
        <div style={{ height: 120 }} />
      </Spin>
    );
  }
  const itemIds = incident.items.map((item) => item.itemId);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {incident.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="单位">
          <UnitName id={incident.orgUnit} />
        </Descriptions.Item>
        <Descriptions.Item label="发现时间">{beijing(incident.detectedAt)}</Descriptions.Item>
        <Descriptions.Item label="热度">
          {incident.heatIndex === null ? '—' : incident.heatIndex.toFixed(1)}
        </Descriptions.Item>
        <Descriptions.Item label="最广传播">{reachLabel(incident.widestReach)}</Descriptions.Item>
        <Descriptions.Item label="信息数">{incident.itemCount}</Descriptions.Item>
        <Descriptions.Item label="状态">{incident.status === 'merged' ? '已合并' : '在办'}</Descriptions.Item>
      </Descriptions>
      <ProblemAlert error={grading.error ?? obligations.error} />
      {obligations.data && obligations.data.obligations.length > 0 && (
        <Section title="报送时限">
          <ObligationsTable
            obligations={obligations.data.obligations}
            showIncident={false}
            canReport={can('reporting.send-report')}
            onChanged={afterAction}
            skewMs={skew}
          />
        </Section>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Section title={`舆情信息（${incident.items.length}）`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {incident.items.map((item) => (
                  <ItemCard
                    key={item.itemId}
                    item={item}
                    canDecide={can('ingestion.verify-item')}
                    onChanged={afterAction}
                  />
                ))}
                {incident.items.length === 0 && <p>暂无信息</p>}
              </Space>
            </Section>
            {grading.data && <HeatChart facts={grading.data.facts} />}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {grading.data && (
              <GradePanel
                incident={grading.data}
                itemIds={itemIds}
                canDecide={can('grading.confirm-grade')}
                canAssess={can('grading.conduct-assessment')}
                onChanged={afterAction}
              />
            )}
            <HistoryTimeline
              decisions={grading.data?.history ?? []}
              obligations={obligations.data?.obligations ?? []}
            />
            {can('archive.read-cases') && <SimilarCases incidentId={incidentId} />}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

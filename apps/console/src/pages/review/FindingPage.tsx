import { type HTMLAttributes } from 'react';
import { Col, Descriptions, Row, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useParams } from 'react-router-dom';
import { ApiError, seg } from '../../api/client';
import type { Finding, FindingEvidence } from '../../api/types';
import { EmptyText } from '../../components/EmptyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { NotFound } from '../../components/StatusPages';
import { EVENT_LABELS } from '../../components/terms';
import { beijing } from '../../components/time';
import { useApi } from '../../components/useApi';
import { useLiveEvents } from '../../app/live-events';
import { UnitName } from '../../app/org-units';
import { useSession } from '../../app/session';
import { FindingActions } from './FindingActions';
import { SeverityChip, StatusChip } from './FindingsTab';
import { PeopleProvider, PersonName } from './people';
import { periodLabel } from './period';
import { APPEAL_OUTCOMES, EVIDENCE_LABELS, contextOf, kindLabel } from './terms';

/** Every finding falls under 第二十八条 (the service records the article with it). */
const ARTICLE = '第二十八条';

const text = (value: string) => (
  <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{value}</span>
);

const EVIDENCE_COLUMNS: ColumnsType<FindingEvidence> = [
  {
    title: '事件',
    key: 'type',
    render: (_, e) => {
      const label = EVIDENCE_LABELS[e.type] ?? EVENT_LABELS[e.type];
      return <span style={{ wordBreak: 'break-word' }}>{label ? `${label}（${e.type}）` : e.type}</span>;
    },
  },
  { title: '来源', key: 'context', render: (_, e) => contextOf(e.type) },
  {
    title: '事件流',
    key: 'streamId',
    render: (_, e) => <code style={{ wordBreak: 'break-all' }}>{e.streamId}</code>,
  },
  { title: '位置', key: 'position', width: 72, render: (_, e) => `#${e.streamPosition}` },
  { title: '时间', key: 'time', render: (_, e) => beijing(e.time) },
];

function FindingView({ finding, reload }: { finding: Finding; reload: () => void }) {
  const { can } = useSession();
  const ruled = finding.status !== 'pending';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          考评发现：{kindLabel(finding.kind)}
        </Typography.Title>
        <FindingActions finding={finding} onChanged={reload} />
      </div>
      <Section title="基本情况">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="状态">
            <span data-testid="finding-status">
              <StatusChip status={finding.status} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="问题">{kindLabel(finding.kind)}</Descriptions.Item>
          <Descriptions.Item label="严重程度">
            <SeverityChip severity={finding.severity} />
          </Descriptions.Item>
          <Descriptions.Item label="责任单位">
            <UnitName id={finding.orgUnit} />
          </Descriptions.Item>
          <Descriptions.Item label="责任人">
            <PersonName id={finding.personId} />
          </Descriptions.Item>
          <Descriptions.Item label="依据">{ARTICLE}</Descriptions.Item>
          <Descriptions.Item label="发生时间">{beijing(finding.occurredAt)}</Descriptions.Item>
          <Descriptions.Item label="考评周期">{periodLabel(finding.period)}</Descriptions.Item>
          <Descriptions.Item label="关联事件">
            {finding.incidentId ? (
              can('ingestion.read-items') || can('grading.read-incidents') ? (
                <Link to={`/incidents/${seg(finding.incidentId)}`}>查看事件</Link>
              ) : (
                <code>{finding.incidentId}</code>
              )
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="检测规则">
            <code>{finding.detector}</code>
          </Descriptions.Item>
          <Descriptions.Item label="记录时间">{beijing(finding.recordedAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={3} style={{ fontSize: 14, marginTop: 8 }}>
          摘要
        </Typography.Title>
        {/* The summary quotes captured titles and typed reasons: text, never markup. */}
        <div data-testid="finding-summary">{text(finding.summary)}</div>
      </Section>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Section title={`证据（${finding.evidence.length}）`}>
            <p style={{ marginTop: 0 }}>
              以下事件记录在各服务的事件流中，可按事件流与位置用各服务的 <code>…/history</code> 查证。
            </p>
            <Table<FindingEvidence>
              rowKey="eventId"
              size="small"
              columns={EVIDENCE_COLUMNS}
              dataSource={finding.evidence}
              pagination={false}
              scroll={{ x: 700 }}
              onRow={() => ({ 'data-testid': 'evidence' }) as HTMLAttributes<HTMLElement>}
            />
          </Section>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Section title="情况说明">
              {finding.explanation ? (
                text(finding.explanation)
              ) : (
                <EmptyText>责任单位尚未提交情况说明</EmptyText>
              )}
            </Section>
            <Section title="认定">
              {ruled && finding.rulingReason ? (
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="结论">
                    <StatusChip status={finding.status} />
                  </Descriptions.Item>
                  <Descriptions.Item label="理由">
                    <span data-testid="ruling-reason">{text(finding.rulingReason)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label="时间">{beijing(finding.ruledAt)}</Descriptions.Item>
                  {finding.appealBy && (
                    <Descriptions.Item label="申诉期限">{beijing(finding.appealBy)}</Descriptions.Item>
                  )}
                </Descriptions>
              ) : (
                <EmptyText>待认定：认定前不作为违规，不计入考评</EmptyText>
              )}
            </Section>
            <Section title="申诉">
              {finding.appealGrounds ? (
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="申诉理由">{text(finding.appealGrounds)}</Descriptions.Item>
                  <Descriptions.Item label="复核结论">
                    {finding.appealOutcome ? APPEAL_OUTCOMES[finding.appealOutcome] : '复核中'}
                  </Descriptions.Item>
                </Descriptions>
              ) : (
                <EmptyText>无申诉</EmptyText>
              )}
            </Section>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** A finding (考评发现): what happened, who answers for it, the events that prove it, and its rulings. */
export function FindingPage() {
  const { findingId = '' } = useParams();
  const finding = useApi<Finding>(`/api/review/findings/${seg(findingId)}`);
  useLiveEvents(['review.Finding'], (event) => {
    if (event.data.findingId === findingId) finding.reload();
  });

  if (finding.error instanceof ApiError && (finding.error.status === 404 || finding.error.status === 403))
    return <NotFound what="该考评发现" />;
  if (!finding.data) {
    return finding.error ? (
      <ProblemAlert error={finding.error} />
    ) : (
      <Spin tip="加载中…">
        <div style={{ height: 120 }} />
      </Spin>
    );
  }
  return (
    <PeopleProvider>
      <FindingView finding={finding.data} reload={finding.reload} />
    </PeopleProvider>
  );
}

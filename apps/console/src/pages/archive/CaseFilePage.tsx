import { useRef, type HTMLAttributes } from 'react';
import { Button, Col, Descriptions, Row, Space, Spin, Table, Timeline, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useParams } from 'react-router-dom';
import { ApiError, seg } from '../../api/client';
import type { CaseEntry, CaseFile, CaseRead, StreamEvent } from '../../api/types';
import { Chip } from '../../components/Chip';
import { EmptyText } from '../../components/EmptyText';
import { GradeTag } from '../../components/GradeTag';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { NotFound } from '../../components/StatusPages';
import { beijing } from '../../components/time';
import { useApi } from '../../components/useApi';
import { useLiveEvents } from '../../app/live-events';
import { UnitName } from '../../app/org-units';
import { useSession } from '../../app/session';
import { CaseActions } from './CaseActions';
import { CASE_STATUS, CONTEXTS, READ_PURPOSES, SUMMARY_PARTS, entryKindLabel, shortHash } from './terms';

/** The event an entry was filed from: context, stream and position, and its hash shortened (full in a title). */
function SourceLink({ source }: { source: CaseEntry['source'] }) {
  return (
    <span data-testid="entry-source" style={{ color: 'rgba(0, 0, 0, 0.72)', wordBreak: 'break-all' }}>
      来源：{CONTEXTS[source.context] ?? source.context} · {source.streamId} #{source.streamPosition}
      {source.hash ? (
        <>
          {' · 哈希 '}
          <Tooltip title={source.hash}>
            <code title={source.hash}>{shortHash(source.hash)}</code>
          </Tooltip>
        </>
      ) : null}
    </span>
  );
}

function readColumns(me: { subject: string; displayName: string } | null | undefined): ColumnsType<CaseRead> {
  return [
    {
      title: '查阅人',
      key: 'reader',
      render: (_, read) => (me && read.readerId === me.subject ? `${me.displayName}（本人）` : read.readerId),
    },
    { title: '用途', key: 'purpose', render: (_, read) => READ_PURPOSES[read.purpose] ?? read.purpose },
    { title: '时间', key: 'readAt', render: (_, read) => beijing(read.readAt) },
  ];
}

/**
 * 案卷: one incident's case file — heading, summary when closed, every entry in order with the event it came
 * from, and who read it (第三十条: this very page view is one of those reads).
 */
export function CaseFilePage() {
  const { caseId = '' } = useParams();
  const { can, session } = useSession();
  const file = useApi<CaseFile>(`/api/archive/cases/${seg(caseId)}`);
  const pending = useRef<number | undefined>(undefined);

  // New entries, closing and reopening show by themselves. A read (CaseFileAccessed) does not reload: loading
  // the file is itself a read, and would record another one.
  useLiveEvents(['archive.'], (event: StreamEvent) => {
    if (event.type === 'archive.CaseFileAccessed' || event.data.caseId !== caseId) return;
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(file.reload, 500);
  });

  if (file.error instanceof ApiError && (file.error.status === 404 || file.error.status === 403))
    return <NotFound what="该案卷" />;
  const data = file.data;
  if (!data) {
    return file.error ? (
      <ProblemAlert error={file.error} />
    ) : (
      <Spin tip="加载中…">
        <div style={{ height: 120 }} />
      </Spin>
    );
  }
  const record = data.case;
  const closed = record.status === 'closed';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0, wordBreak: 'break-word' }}>
        {record.title ?? '（无标题）'}
      </Typography.Title>
      <Space wrap>
        {can('archive.close-cases') && <CaseActions file={record} onChanged={file.reload} />}
        <Button href={`/api/archive/cases/${seg(record.caseId)}/export`} download>
          导出案卷
        </Button>
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="单位">
          <UnitName id={record.orgUnit} />
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          <Chip tone={closed ? 'green' : 'blue'}>{CASE_STATUS[record.status] ?? record.status}</Chip>
        </Descriptions.Item>
        <Descriptions.Item label="级别">
          <GradeTag grade={record.level ? { level: record.level, exceptional: record.exceptional } : null} />
        </Descriptions.Item>
        <Descriptions.Item label="类别">{record.category ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="标签">
          {record.tags.length > 0 ? record.tags.map((tag) => <Chip key={tag}>{tag}</Chip>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="立卷时间">{beijing(record.openedAt)}</Descriptions.Item>
        <Descriptions.Item label="结案时间">{beijing(record.closedAt)}</Descriptions.Item>
      </Descriptions>
      {closed && record.summary && (
        <Section title="总结与反思">
          <Descriptions size="small" column={1} bordered>
            {SUMMARY_PARTS.map(([key, label]) => (
              <Descriptions.Item key={key} label={label}>
                <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {record.summary?.[key]}
                </span>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Section>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Section title={`案卷记录（${data.entries.length}）`}>
            {data.entries.length === 0 ? (
              <EmptyText>暂无记录</EmptyText>
            ) : (
              <Timeline
                items={data.entries.map((entry) => ({
                  key: entry.position,
                  color: entry.entryKind === 'obligation-overdue' ? 'red' : 'blue',
                  children: (
                    <div data-testid="case-entry" data-kind={entry.entryKind}>
                      <div>
                        <strong>{entryKindLabel(entry.entryKind)}</strong>
                        <span style={{ marginLeft: 8 }}>{beijing(entry.occurredAt)}</span>
                      </div>
                      <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{entry.summary}</div>
                      <SourceLink source={entry.source} />
                    </div>
                  ),
                }))}
              />
            )}
          </Section>
        </Col>
        <Col xs={24} xl={9}>
          <Section title="查阅记录">
            <Table<CaseRead>
              rowKey={(read) => `${read.readerId}:${read.readAt}:${read.purpose}`}
              size="small"
              columns={readColumns(session)}
              dataSource={data.reads}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              onRow={() => ({ 'data-testid': 'case-read' }) as HTMLAttributes<HTMLElement>}
            />
          </Section>
        </Col>
      </Row>
    </Space>
  );
}

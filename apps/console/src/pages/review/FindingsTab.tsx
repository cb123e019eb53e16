import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Col, Form, Row, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { withQuery } from '../../api/client';
import type { Finding } from '../../api/types';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { Chip } from '../../components/Chip';
import { EmptyText } from '../../components/EmptyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing } from '../../components/time';
import { useApi } from '../../components/useApi';
import { useLiveEvents } from '../../app/live-events';
import { UnitName } from '../../app/org-units';
import { periodOptions } from './period';
import { FINDING_KINDS, FINDING_STATUS, SEVERITIES, kindLabel } from './terms';

interface Filters {
  period: string;
  status: string;
  kind: string;
}

const PAGE = 50;

export const findingPath = (findingId: string) => `/review/findings/${encodeURIComponent(findingId)}`;

export function StatusChip({ status }: { status: string }) {
  const shown = FINDING_STATUS[status];
  return <Chip tone={shown?.tone ?? 'grey'}>{shown?.label ?? status}</Chip>;
}

export function SeverityChip({ severity }: { severity: string }) {
  const shown = SEVERITIES[severity];
  return <Chip tone={shown?.tone ?? 'grey'}>{shown?.label ?? severity}</Chip>;
}

const COLUMNS: ColumnsType<Finding> = [
  { title: '单位', key: 'orgUnit', render: (_, row) => <UnitName id={row.orgUnit} /> },
  {
    title: '问题',
    key: 'kind',
    render: (_, row) => <Link to={findingPath(row.findingId)}>{kindLabel(row.kind)}</Link>,
  },
  { title: '严重程度', key: 'severity', render: (_, row) => <SeverityChip severity={row.severity} /> },
  { title: '发生时间', key: 'occurredAt', render: (_, row) => beijing(row.occurredAt, 'YYYY-MM-DD HH:mm') },
  { title: '状态', key: 'status', render: (_, row) => <StatusChip status={row.status} /> },
  {
    title: '摘要',
    key: 'summary',
    // Summaries quote captured titles and typed reasons: plain text, never markup.
    render: (_, row) => (
      <span data-testid="finding-summary" style={{ wordBreak: 'break-word' }}>
        {row.summary}
      </span>
    ),
  },
];

/** 考评发现: the findings within the person's scope, newest first, filtered by period, status and kind. */
export function FindingsTab() {
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({ period: '', status: '', kind: '' });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const periods = useMemo(() => periodOptions(new Date()), []);
  const list = useApi<{ findings: Finding[]; next?: string }>(
    withQuery('/api/review/findings', {
      period: filters.period || undefined,
      status: filters.status || undefined,
      kind: filters.kind || undefined,
      limit: PAGE,
      after: cursors[cursors.length - 1],
    }),
  );
  // A new finding or ruling shows by itself.
  useLiveEvents(['review.Finding'], () => list.reload());
  const next = list.data?.next;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form<Filters>
        form={form}
        layout="vertical"
        initialValues={filters}
        onValuesChange={(_, values) => {
          setFilters(values);
          setCursors([undefined]);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label="考评周期" name="period">
              <ChoiceSelect options={[{ value: '', label: '全部' }, ...periods]} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label="状态" name="status">
              <ChoiceSelect
                options={[
                  { value: '', label: '全部' },
                  ...Object.entries(FINDING_STATUS).map(([value, { label }]) => ({ value, label })),
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label="问题" name="kind">
              <ChoiceSelect
                options={[
                  { value: '', label: '全部' },
                  ...Object.entries(FINDING_KINDS).map(([value, label]) => ({ value, label })),
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<Finding>
        rowKey="findingId"
        size="small"
        columns={COLUMNS}
        dataSource={list.data?.findings ?? []}
        loading={list.loading && !list.data}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyText>暂无考评发现</EmptyText> }}
        onRow={(row) =>
          ({ 'data-testid': 'finding-row', 'data-finding-id': row.findingId }) as HTMLAttributes<HTMLElement>
        }
      />
      <Space>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={!next} onClick={() => setCursors((c) => [...c, next])}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}

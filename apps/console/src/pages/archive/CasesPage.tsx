import { useState, type HTMLAttributes } from 'react';
import { Button, Radio, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { withQuery } from '../../api/client';
import type { ArchiveCase } from '../../api/types';
import { Chip } from '../../components/Chip';
import { GradeTag } from '../../components/GradeTag';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { beijing } from '../../components/time';
import { useApi } from '../../components/useApi';
import { UnitName } from '../../app/org-units';
import { CASE_STATUS } from './terms';

type StatusFilter = '' | 'open' | 'closed';

const COLUMNS: ColumnsType<ArchiveCase> = [
  {
    title: '案卷',
    key: 'title',
    render: (_, row) => (
      <Link to={`/cases/${encodeURIComponent(row.caseId)}`} style={{ wordBreak: 'break-word' }}>
        {row.title ?? row.caseId}
      </Link>
    ),
  },
  { title: '单位', key: 'orgUnit', render: (_, row) => <UnitName id={row.orgUnit} /> },
  {
    title: '状态',
    key: 'status',
    render: (_, row) => (
      <Chip tone={row.status === 'closed' ? 'green' : 'blue'}>{CASE_STATUS[row.status] ?? row.status}</Chip>
    ),
  },
  {
    title: '级别',
    key: 'level',
    render: (_, row) => (
      <GradeTag grade={row.level ? { level: row.level, exceptional: row.exceptional } : null} />
    ),
  },
  { title: '类别', key: 'category', render: (_, row) => row.category ?? '—' },
  { title: '记录数', dataIndex: 'entries', key: 'entries' },
  { title: '立卷时间', key: 'openedAt', render: (_, row) => beijing(row.openedAt) },
  { title: '结案时间', key: 'closedAt', render: (_, row) => beijing(row.closedAt) },
];

/** 案卷: the case files of the person's units (no content here: opening one is a recorded read). */
export function CasesPage() {
  const [status, setStatus] = useState<StatusFilter>('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cases = useApi<{ cases: ArchiveCase[]; next?: string }>(
    withQuery('/api/archive/cases', {
      status: status || undefined,
      limit: 50,
      after: cursors[cursors.length - 1],
    }),
  );
  const next = cases.data?.next;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        案卷
      </Typography.Title>
      <Section
        title="本辖区案卷"
        extra={
          <Radio.Group
            aria-label="状态"
            value={status}
            optionType="button"
            onChange={(event) => {
              setStatus(event.target.value as StatusFilter);
              setCursors([undefined]);
            }}
            options={[
              { value: '', label: '全部' },
              { value: 'open', label: '在办' },
              { value: 'closed', label: '已结案' },
            ]}
          />
        }
      >
        <ProblemAlert error={cases.error} />
        <Table<ArchiveCase>
          rowKey="caseId"
          size="small"
          columns={COLUMNS}
          dataSource={cases.data?.cases ?? []}
          loading={cases.loading}
          pagination={false}
          onRow={() => ({ 'data-testid': 'case-row' }) as HTMLAttributes<HTMLElement>}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            上一页
          </Button>
          <Button disabled={!next} onClick={() => setCursors((c) => [...c, next])}>
            下一页
          </Button>
        </Space>
      </Section>
    </Space>
  );
}

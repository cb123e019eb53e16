import type { HTMLAttributes } from 'react';
import type { ColumnsType } from 'antd/es/table';
import { Table } from 'antd';
import { Link } from 'react-router-dom';
import type { Obligation } from '../api/types';
import { Countdown } from './Countdown';
import { Chip } from './Chip';
import { FLASH_KINDS, FlashReportButton } from './FlashReportButton';
import { GradeTag } from './GradeTag';
import { REPORT_KINDS, STANDINGS } from './terms';
import { beijing } from './time';
import { UnitName } from '../app/org-units';
import { EmptyText } from './EmptyText';

const DONE = new Set(['fulfilled', 'fulfilled-late', 'cancelled', 'carried-over']);

/** The service clock minus the browser's, from a list's `now`. */
export function skewOf(serviceNow: string | undefined): number {
  const at = serviceNow ? Date.parse(serviceNow) : NaN;
  return Number.isNaN(at) ? 0 : at - Date.now();
}

/** Reporting obligations with a live countdown to each deadline (red once overdue) and 发送速报 where it applies. */
export function ObligationsTable({
  obligations,
  showIncident,
  canReport,
  onChanged,
  loading = false,
  skewMs = 0,
}: {
  obligations: readonly Obligation[];
  showIncident: boolean;
  canReport: boolean;
  onChanged: () => void;
  loading?: boolean;
  skewMs?: number;
}) {
  const columns: ColumnsType<Obligation> = [
    ...(showIncident
      ? [
          {
            title: '事件',
            key: 'incident',
            render: (_: unknown, row: Obligation) => (
              <Link to={`/incidents/${encodeURIComponent(row.incidentId)}`}>
                {row.incidentTitle ?? row.incidentId}
              </Link>
            ),
          },
        ]
      : []),
    { title: '报送事项', dataIndex: 'kind', render: (kind: string) => REPORT_KINDS[kind] ?? kind },
    { title: '级别', dataIndex: 'grade', render: (_: unknown, row) => <GradeTag grade={row.grade} /> },
    {
      title: '报送单位',
      dataIndex: 'recipientOrgUnitId',
      render: (id: string | null) => <UnitName id={id} />,
    },
    { title: '时限', dataIndex: 'dueAt', render: (value: string) => beijing(value, 'MM-DD HH:mm') },
    {
      title: '倒计时',
      key: 'countdown',
      render: (_: unknown, row) => (
        <Countdown
          dueAt={row.dueAt}
          // A cancelled or carried-over obligation was not fulfilled: its clock stopped for that reason.
          done={
            DONE.has(row.standing) &&
            (row.standing.startsWith('fulfilled') || (STANDINGS[row.standing] ?? true))
          }
          skewMs={skewMs}
        />
      ),
    },
    {
      title: '状态',
      dataIndex: 'standing',
      render: (standing: string) => (
        <Chip
          tone={
            standing === 'overdue' || standing === 'fulfilled-late'
              ? 'red'
              : DONE.has(standing)
                ? 'green'
                : 'gold'
          }
        >
          {STANDINGS[standing] ?? standing}
        </Chip>
      ),
    },
    ...(canReport
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, row: Obligation) =>
              FLASH_KINDS.has(row.kind) && !DONE.has(row.standing) ? (
                <FlashReportButton obligation={row} onSent={onChanged} />
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Table<Obligation>
      rowKey="obligationId"
      size="small"
      columns={columns}
      dataSource={[...obligations]}
      loading={loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 800 }}
      locale={{ emptyText: <EmptyText>暂无报送事项</EmptyText> }}
      onRow={(row) =>
        ({
          'data-testid': 'obligation',
          'data-obligation-id': row.obligationId,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}

import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Form, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, withQuery } from '../../api/client';
import type { Rating, RatingLine } from '../../api/types';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { Chip } from '../../components/Chip';
import { EmptyText } from '../../components/EmptyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing } from '../../components/time';
import { useApi } from '../../components/useApi';
import { useSubmit } from '../../components/useSubmit';
import { useLiveEvents } from '../../app/live-events';
import { UnitName } from '../../app/org-units';
import { useSession } from '../../app/session';
import { outermostUnits } from './authority';
import { findingPath, SeverityChip } from './FindingsTab';
import { PersonName } from './people';
import { periodOptions, quarterOf } from './period';
import { LINE_STATUS, RATINGS, kindLabel } from './terms';

const LINE_COLUMNS: ColumnsType<RatingLine> = [
  {
    title: '考评发现',
    key: 'kind',
    render: (_, line) => <Link to={findingPath(line.findingId)}>{kindLabel(line.kind)}</Link>,
  },
  { title: '严重程度', key: 'severity', render: (_, line) => <SeverityChip severity={line.severity} /> },
  { title: '计分情况', key: 'status', render: (_, line) => LINE_STATUS[line.status] ?? line.status },
  { title: '扣分', key: 'points', render: (_, line) => (line.points > 0 ? `−${line.points}` : '0') },
  {
    title: '影响评优',
    key: 'bars',
    render: (_, line) => (line.bars ? <Chip tone="red">不得评为优秀</Chip> : '—'),
  },
];

/** How a rating was computed: one line per finding of the department and period, and the persons barred. */
function RatingLines({ rating }: { rating: Rating }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<RatingLine>
        rowKey="findingId"
        size="small"
        columns={LINE_COLUMNS}
        dataSource={rating.lines}
        pagination={false}
        locale={{ emptyText: <EmptyText>本周期无考评发现，不扣分</EmptyText> }}
        onRow={(line) =>
          ({ 'data-testid': 'rating-line', 'data-finding-id': line.findingId }) as HTMLAttributes<HTMLElement>
        }
      />
      {rating.barredPersonIds.length > 0 && (
        <span>
          不得评为优秀的当事人：
          {rating.barredPersonIds.map((id, index) => (
            <span key={id}>
              {index > 0 && '、'}
              <PersonName id={id} />
            </span>
          ))}
        </span>
      )}
      <span>
        考评办法 <code>{rating.schemeVersion}</code>，计算时间 {beijing(rating.computedAt)}
      </span>
    </Space>
  );
}

const COLUMNS: ColumnsType<Rating> = [
  { title: '单位', key: 'orgUnit', render: (_, row) => <UnitName id={row.orgUnit} /> },
  { title: '得分', key: 'score', render: (_, row) => row.score },
  {
    title: '等次',
    key: 'rating',
    render: (_, row) => (
      <span data-testid="rating-grade">
        <Chip tone={RATINGS[row.rating]?.tone ?? 'grey'}>{RATINGS[row.rating]?.label ?? row.rating}</Chip>
      </span>
    ),
  },
  {
    title: '评优',
    key: 'excellentBarred',
    render: (_, row) => (row.excellentBarred ? <Chip tone="red">不得评为优秀</Chip> : '—'),
  },
  { title: '考评发现', key: 'lines', render: (_, row) => `${row.lines.length} 项` },
];

/** 考评等次: each department's rating for a period, expandable to its lines; 开展考评 for those who rate. */
export function RatingsTab() {
  const { can, session } = useSession();
  const periods = useMemo(() => periodOptions(new Date()), []);
  const [period, setPeriod] = useState(() => quarterOf(new Date()));
  const units = useMemo(() => outermostUnits(session?.grants ?? []), [session]);
  const [unit, setUnit] = useState(units[0] ?? '');
  const ratings = useApi<{ ratings: Rating[] }>(withQuery('/api/review/ratings', { period }));
  const [busy, run] = useSubmit();
  useLiveEvents(['review.RatingComputed'], () => ratings.reload());

  const compute = () =>
    run(async () => {
      await api.post('/api/review/ratings', { orgUnit: unit, period });
      ratings.reload();
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="inline">
        <Form.Item label="考评周期">
          <ChoiceSelect
            aria-label="考评周期"
            value={period}
            onChange={(value: string) => setPeriod(value)}
            options={periods}
            style={{ minWidth: 180 }}
          />
        </Form.Item>
        {can('review.compute-ratings') && units.length > 1 && (
          <Form.Item label="考评单位">
            <ChoiceSelect
              aria-label="考评单位"
              value={unit}
              onChange={(value: string) => setUnit(value)}
              options={units.map((id) => ({ value: id, label: <UnitName id={id} /> }))}
              style={{ minWidth: 180 }}
            />
          </Form.Item>
        )}
        {can('review.compute-ratings') && unit && (
          <Form.Item>
            <Button type="primary" loading={busy} onClick={() => void compute()}>
              开展考评
            </Button>
          </Form.Item>
        )}
      </Form>
      <p style={{ margin: 0 }}>
        {
          '按考评办法，每项已认定的考评发现按问题和严重程度扣分；有已认定的第二十八条问题的单位和当事人，不得评为优秀。待认定、不予认定的不扣分。再次开展考评以最新一次为准。'
        }
      </p>
      <ProblemAlert error={ratings.error} />
      <Table<Rating>
        rowKey={(row) => `${row.orgUnit}:${row.period}`}
        size="small"
        columns={COLUMNS}
        dataSource={ratings.data?.ratings ?? []}
        loading={ratings.loading && !ratings.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (row) => <RatingLines rating={row} /> }}
        locale={{ emptyText: <EmptyText>本周期尚未开展考评</EmptyText> }}
        onRow={(row) =>
          ({ 'data-testid': 'rating-row', 'data-org-unit': row.orgUnit }) as HTMLAttributes<HTMLElement>
        }
      />
    </Space>
  );
}

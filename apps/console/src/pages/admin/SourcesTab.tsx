import { useState } from 'react';
import { Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { withQuery } from '../../api/client';
import { useApi } from '../../components/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SafeLink } from '../../components/SafeLink';
import { reachLabel } from '../../components/terms';
import { beijing } from '../../components/time';
import { UnitName } from '../../app/org-units';

interface Source {
  sourceId: string;
  orgUnit: string;
  name: string;
  url: string | null;
  platform: string | null;
  reachTier: string | null;
  feedUrl: string | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
}

interface Outlet {
  name: string;
  hosts: string[];
  platform: string;
  reachTier: string;
}

const sourceColumns: ColumnsType<Source> = [
  { title: '名称', dataIndex: 'name' },
  { title: '单位', dataIndex: 'orgUnit', render: (id: string) => <UnitName id={id} /> },
  { title: '传播层级', dataIndex: 'reachTier', render: reachLabel },
  { title: '订阅地址', dataIndex: 'feedUrl', render: (url: string | null) => <SafeLink url={url} /> },
  { title: '连续失败', dataIndex: 'consecutiveFailures', align: 'right' },
  { title: '下次抓取', dataIndex: 'nextPollAt', render: (v: string | null) => beijing(v, 'MM-DD HH:mm') },
];

const outletColumns: ColumnsType<Outlet> = [
  { title: '媒体', dataIndex: 'name' },
  { title: '域名', dataIndex: 'hosts', render: (hosts: string[]) => hosts.join('、') },
  { title: '平台', dataIndex: 'platform' },
  { title: '传播层级', dataIndex: 'reachTier', render: reachLabel },
];

/** 信源: the registered sources and the outlet catalogue (媒体名录) that sets the reach of what they capture. */
export function SourcesTab() {
  const [q, setQ] = useState('');
  const sources = useApi<{ sources: Source[] }>('/api/ingestion/sources');
  const outlets = useApi<{ outlets: Outlet[]; total: number }>(
    withQuery('/api/ingestion/source-catalogue', { q: q.trim() || undefined, limit: 50 }),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        已登记信源
      </Typography.Title>
      <ProblemAlert error={sources.error} />
      <Table<Source>
        rowKey="sourceId"
        size="small"
        columns={sourceColumns}
        dataSource={sources.data?.sources ?? []}
        scroll={{ x: 800 }}
      />
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        媒体名录
      </Typography.Title>
      <Input.Search
        aria-label="搜索媒体名录"
        placeholder="名称或域名"
        allowClear
        onSearch={setQ}
        style={{ maxWidth: 360 }}
      />
      <ProblemAlert error={outlets.error} />
      <Table<Outlet>
        rowKey="name"
        size="small"
        columns={outletColumns}
        dataSource={outlets.data?.outlets ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
    </Space>
  );
}

import { Tabs, Typography } from 'antd';
import { useSession } from '../../app/session';
import { OrgTreeTab } from './OrgTreeTab';
import { UsersTab } from './UsersTab';
import { SourcesTab } from './SourcesTab';
import { RulesTab } from './RulesTab';
import { WatchWindowsTab } from './WatchWindowsTab';

/** 管理: org tree, users and grants, sources and the outlet catalogue, monitoring rules, heightened-watch windows. */
export function AdminPage() {
  const { can } = useSession();
  const manageSources = can('ingestion.manage-sources');
  const tabs = [
    { key: 'org', label: '组织机构', children: <OrgTreeTab />, show: can('identity.read-org-tree') },
    { key: 'users', label: '用户与授权', children: <UsersTab />, show: can('identity.read-users') },
    { key: 'sources', label: '信源与媒体名录', children: <SourcesTab />, show: can('ingestion.read-items') },
    {
      key: 'rules',
      label: '监测规则',
      children: <RulesTab canManage={manageSources} />,
      show: can('ingestion.read-items'),
    },
    {
      key: 'windows',
      label: '重点时段',
      children: <WatchWindowsTab canManage={manageSources} />,
      show: can('ingestion.read-items'),
    },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        管理
      </Typography.Title>
      <Tabs items={tabs.filter((tab) => tab.show).map(({ show: _show, ...tab }) => tab)} destroyOnHidden />
    </>
  );
}

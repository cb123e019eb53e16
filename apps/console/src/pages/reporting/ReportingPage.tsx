import { Tabs, Typography } from 'antd';
import { ObligationsInbox } from './ObligationsInbox';
import { BulletinsTab } from './BulletinsTab';
import { FollowUpTasksTab } from './FollowUpTasksTab';
import { TransfersTab } from './TransfersTab';

/** 报送: obligations with countdowns, 《网上舆情》 and 批示, follow-up tasks (督办), transfers (转办/回告). */
export function ReportingPage() {
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        报送
      </Typography.Title>
      <Tabs
        items={[
          { key: 'obligations', label: '报送事项', children: <ObligationsInbox /> },
          { key: 'bulletins', label: '《网上舆情》', children: <BulletinsTab /> },
          { key: 'tasks', label: '督办任务', children: <FollowUpTasksTab /> },
          { key: 'transfers', label: '转办回告', children: <TransfersTab /> },
        ]}
      />
    </>
  );
}

import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session';
import { FindingsTab } from './FindingsTab';
import { NoticesTab } from './NoticesTab';
import { PeopleProvider } from './people';
import { RatingsTab } from './RatingsTab';

/**
 * 考评 (第二十八、二十九条): findings from the log, ruled by the reviewers above each department; the ratings of a
 * period with how each was computed; the 通报. The tab is kept in the address, so a link can open 考评等次.
 */
export function ReviewPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tabs = [
    { key: 'findings', label: '考评发现', children: <FindingsTab /> },
    ...(can('review.read-ratings') ? [{ key: 'ratings', label: '考评等次', children: <RatingsTab /> }] : []),
    { key: 'notices', label: '通报', children: <NoticesTab /> },
  ];
  const wanted = params.get('tab');
  const active = tabs.find((tab) => tab.key === wanted)?.key ?? 'findings';
  return (
    <PeopleProvider>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        考评
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'findings' ? {} : { tab: key }, { replace: true })}
        items={tabs}
      />
    </PeopleProvider>
  );
}

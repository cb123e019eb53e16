import { Button, Layout as AntLayout, Space, Tooltip } from 'antd';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useSession, useSignedIn } from './session';
import { NAVIGATION, allowedBy } from './navigation';
import { UnitName } from './org-units';
import { useLiveStatus } from './live-events';
import { Chip } from '../components/Chip';
import { ROLES } from '../components/terms';
import { ErrorBoundary } from '../components/ErrorBoundary';

const { Header, Content } = AntLayout;

function Who() {
  const session = useSignedIn();
  const { signOut } = useSession();
  const units = [...new Set(session.grants.map((grant) => grant.orgUnit))];
  const roles = [...new Set(session.grants.map((grant) => ROLES[grant.role] ?? grant.role))];
  return (
    <Space wrap size="small" style={{ color: '#fff' }}>
      <span data-testid="who">{session.displayName}</span>
      <span>
        <span className="sr-only">所属单位：</span>
        {units.map((unit) => (
          <Chip key={unit} tone="blue">
            <UnitName id={unit} />
          </Chip>
        ))}
      </span>
      <span>角色：{roles.join('、')}</span>
      <Button size="small" onClick={() => void signOut()}>
        退出登录
      </Button>
    </Space>
  );
}

function LiveBadge() {
  const status = useLiveStatus();
  const text = status === 'open' ? '实时' : status === 'connecting' ? '连接中' : '已断开';
  return (
    <Tooltip title="事件推送状态">
      <span data-testid="live-status">
        <Chip tone={status === 'open' ? 'green' : 'gold'}>{text}</Chip>
      </span>
    </Tooltip>
  );
}

/** The navigation: plain links (keyboard and screen readers get a list of links), only what the roles allow. */
function Navigation() {
  const { can } = useSession();
  const location = useLocation();
  const entries = NAVIGATION.filter((entry) => allowedBy(entry, can));
  const current = (path: string) =>
    path === '/'
      ? location.pathname === '/' || location.pathname.startsWith('/incidents')
      : location.pathname.startsWith(path);
  return (
    <nav
      aria-label="主导航"
      style={{ background: '#fff', borderBottom: '1px solid #e8e8e8', padding: '0 16px' }}
    >
      <ul style={{ display: 'flex', flexWrap: 'wrap', gap: 4, listStyle: 'none', margin: 0, padding: 0 }}>
        {entries.map((entry) => (
          <li key={entry.path}>
            <NavLink
              to={entry.path}
              end={entry.path === '/'}
              aria-current={current(entry.path) ? 'page' : undefined}
              style={{
                display: 'inline-block',
                padding: '12px 16px',
                color: current(entry.path) ? '#0b4fa8' : 'rgba(0, 0, 0, 0.88)',
                fontWeight: current(entry.path) ? 600 : 400,
                borderBottom: current(entry.path) ? '2px solid #0b4fa8' : '2px solid transparent',
              }}
            >
              {entry.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout() {
  const location = useLocation();
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 16,
          flexWrap: 'wrap',
          height: 'auto',
          minHeight: 64,
          lineHeight: '40px',
        }}
      >
        <span style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>舆情处置平台</span>
        <Space wrap>
          <LiveBadge />
          <Who />
        </Space>
      </Header>
      <Navigation />
      {/* antd's Content is the <main> landmark. */}
      <Content style={{ padding: 24 }}>
        <ErrorBoundary key={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </Content>
    </AntLayout>
  );
}

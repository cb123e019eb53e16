import { App as AntApp, ConfigProvider, Spin, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { ReactNode } from 'react';
import { SessionProvider, useSession } from './session';
import { LiveEventsProvider } from './live-events';
import { OrgUnitsProvider } from './org-units';
import { Layout } from './Layout';
import { Forbidden, NotFound } from '../components/StatusPages';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { DutyBoardPage } from '../pages/duty-board/DutyBoardPage';
import { IncidentPage } from '../pages/incident/IncidentPage';
import { ReportingPage } from '../pages/reporting/ReportingPage';
import { GuidancePage } from '../pages/guidance/GuidancePage';
import { AdminPage } from '../pages/admin/AdminPage';
import { AuditPage } from '../pages/audit/AuditPage';
import { LibraryPage } from '../pages/archive/LibraryPage';
import { CasesPage } from '../pages/archive/CasesPage';
import { CaseFilePage } from '../pages/archive/CaseFilePage';
import { ReviewPage } from '../pages/review/ReviewPage';
import { FindingPage } from '../pages/review/FindingPage';
import { EmptyText } from '../components/EmptyText';
import '../components/time';

// antd's default secondary and tertiary greys (labels, descriptions, hints) are too light on white for the
// contrast the people on a night shift need (WCAG AA); these keep every text at 4.5:1 or better.
const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#1554ad',
    colorInfo: '#1554ad',
    colorLink: '#0b4fa8',
    colorError: '#c41d1d',
    colorWarning: '#ad6800',
    colorSuccess: '#237804',
    colorTextSecondary: 'rgba(0, 0, 0, 0.72)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.66)',
    colorTextDescription: 'rgba(0, 0, 0, 0.66)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  },
};

/** A page the person's permissions open (any of `anyOf`), or 无权访问. */
function Allowed({ anyOf, children }: { anyOf: readonly string[]; children: ReactNode }) {
  const { can } = useSession();
  return anyOf.some(can) ? <>{children}</> : <Forbidden />;
}

function SignedInRoutes() {
  return (
    <OrgUnitsProvider>
      <LiveEventsProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route
              index
              element={
                <Allowed anyOf={['ingestion.read-items']}>
                  <DutyBoardPage />
                </Allowed>
              }
            />
            <Route
              path="incidents/:incidentId"
              element={
                <Allowed anyOf={['ingestion.read-items', 'grading.read-incidents']}>
                  <IncidentPage />
                </Allowed>
              }
            />
            <Route
              path="reporting"
              element={
                <Allowed anyOf={['reporting.read-reports']}>
                  <ReportingPage />
                </Allowed>
              }
            />
            <Route
              path="guidance"
              element={
                <Allowed anyOf={['guidance.read-releases']}>
                  <GuidancePage />
                </Allowed>
              }
            />
            <Route
              path="admin"
              element={
                <Allowed
                  anyOf={['identity.manage-org-tree', 'identity.read-users', 'ingestion.manage-sources']}
                >
                  <AdminPage />
                </Allowed>
              }
            />
            <Route
              path="audit"
              element={
                <Allowed anyOf={['audit.replay']}>
                  <AuditPage />
                </Allowed>
              }
            />
            <Route
              path="library"
              element={
                <Allowed anyOf={['archive.read-cases']}>
                  <LibraryPage />
                </Allowed>
              }
            />
            <Route
              path="cases"
              element={
                <Allowed anyOf={['archive.read-case-files']}>
                  <CasesPage />
                </Allowed>
              }
            />
            <Route
              path="cases/:caseId"
              element={
                <Allowed anyOf={['archive.read-case-files']}>
                  <CaseFilePage />
                </Allowed>
              }
            />
            <Route
              path="review"
              element={
                <Allowed anyOf={['review.read-findings']}>
                  <ReviewPage />
                </Allowed>
              }
            />
            <Route
              path="review/findings/:findingId"
              element={
                <Allowed anyOf={['review.read-findings']}>
                  <FindingPage />
                </Allowed>
              }
            />
            <Route path="sign-in" element={<Navigate to="/" replace />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </LiveEventsProvider>
    </OrgUnitsProvider>
  );
}

function Gate() {
  const { session } = useSession();
  if (session === undefined) {
    return (
      <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin tip="加载中…" size="large">
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </main>
    );
  }
  // Signed out (or expired): the sign-in page stands in for every address; after sign-in the address is kept.
  return session ? <SignedInRoutes key={session.subject} /> : <SignInPage />;
}

export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={THEME}
      button={{ autoInsertSpace: false }}
      renderEmpty={() => <EmptyText />}
    >
      <AntApp>
        <ErrorBoundary>
          <BrowserRouter>
            <SessionProvider>
              <Gate />
            </SessionProvider>
          </BrowserRouter>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

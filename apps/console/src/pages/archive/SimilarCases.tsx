import { Space } from 'antd';
import { ApiError, seg } from '../../api/client';
import type { LibraryCase } from '../../api/types';
import { EmptyText } from '../../components/EmptyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { useApi } from '../../components/useApi';
import { useSession } from '../../app/session';
import { LibraryCaseCard } from './LibraryCaseCard';

/**
 * 相似案例: closed cases of the library like this live incident, shown while it is handled. The archive knows an
 * incident a moment after it forms (404 until then) and answers 403 outside the person's units: either way the
 * card is simply not shown.
 */
export function SimilarCases({ incidentId }: { incidentId: string }) {
  const { can } = useSession();
  const similar = useApi<{ cases: LibraryCase[] }>(
    `/api/archive/incidents/${seg(incidentId)}/similar-cases?limit=5`,
  );
  const error = similar.error;
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
  if (!similar.data && !error) return null;
  return (
    <Section title="相似案例">
      <ProblemAlert error={error} />
      {similar.data && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="similar-cases">
          {similar.data.cases.map((entry) => (
            <LibraryCaseCard key={entry.caseId} entry={entry} canOpenFile={can('archive.read-case-files')} />
          ))}
          {similar.data.cases.length === 0 && <EmptyText>案例库中暂无相似案例</EmptyText>}
        </Space>
      )}
    </Section>
  );
}

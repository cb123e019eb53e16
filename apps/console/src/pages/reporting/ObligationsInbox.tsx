import { useMemo } from 'react';
import type { Obligation } from '../../api/types';
import { useApi } from '../../components/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ObligationsTable, skewOf } from '../../components/ObligationsTable';
import { useLiveEvents } from '../../app/live-events';
import { useSession } from '../../app/session';

/** 报送事项: the unit's obligations by deadline, soonest first, each with its countdown. */
export function ObligationsInbox() {
  const { can } = useSession();
  const list = useApi<{ obligations: Obligation[]; now: string }>('/api/reporting/obligations?limit=200');
  const skew = useMemo(() => skewOf(list.data?.now), [list.data]);
  useLiveEvents(
    ['reporting.ReportingObligation', 'reporting.FlashReportSent', 'reporting.ReportOverdue'],
    () => list.reload(),
  );
  return (
    <>
      <ProblemAlert error={list.error} />
      <ObligationsTable
        obligations={list.data?.obligations ?? []}
        showIncident
        canReport={can('reporting.send-report')}
        onChanged={list.reload}
        loading={list.loading && !list.data}
        skewMs={skew}
      />
    </>
  );
}

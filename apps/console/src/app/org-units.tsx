import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { OrgUnit } from '../api/types';
import { useSession } from './session';

// The names of the org units the person may see (GET /api/identity/org-units), to show 西山区 rather than an id.

const OrgUnitsContext = createContext<Map<string, OrgUnit>>(new Map());

export function OrgUnitsProvider({ children }: { children: ReactNode }) {
  const { can } = useSession();
  const [units, setUnits] = useState(new Map<string, OrgUnit>());
  const allowed = can('identity.read-org-tree');
  useEffect(() => {
    if (!allowed) return;
    const controller = new AbortController();
    api
      .get<{ items: OrgUnit[]; above?: OrgUnit[] }>('/api/identity/org-units', controller.signal)
      .then(({ items, above = [] }) =>
        setUnits(new Map([...above, ...items].map((unit) => [unit.orgUnit, unit]))),
      )
      // Names are a nicety: without them the ids are shown.
      .catch(() => undefined);
    return () => controller.abort();
  }, [allowed]);
  return <OrgUnitsContext.Provider value={units}>{children}</OrgUnitsContext.Provider>;
}

export function useOrgUnits(): Map<string, OrgUnit> {
  return useContext(OrgUnitsContext);
}

/** An org unit's name, or its id when the name is not known. */
export function UnitName({ id }: { id: string | null | undefined }) {
  const units = useOrgUnits();
  if (!id) return <>—</>;
  return <>{units.get(id)?.name ?? id}</>;
}

import { createContext, useContext, type ReactNode } from 'react';
import type { UserView } from '../../api/types';
import { useApi } from '../../components/useApi';
import { useSession } from '../../app/session';

// Persons named by findings and ratings (当事人) by name where the person may read users; otherwise their ids.

const PeopleContext = createContext<Map<string, string>>(new Map());

export function PeopleProvider({ children }: { children: ReactNode }) {
  const { can } = useSession();
  const users = useApi<{ items: UserView[] }>(can('identity.read-users') ? '/api/identity/users' : null);
  const names = new Map((users.data?.items ?? []).map((user) => [user.userId, user.displayName]));
  return <PeopleContext.Provider value={names}>{children}</PeopleContext.Provider>;
}

export function PersonName({ id }: { id: string | null | undefined }) {
  const names = useContext(PeopleContext);
  const { session } = useSession();
  if (!id) return <>—</>;
  const name = names.get(id) ?? id;
  return <>{session?.subject === id ? `${name}（本人）` : name}</>;
}

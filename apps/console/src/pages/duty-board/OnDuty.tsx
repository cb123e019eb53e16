import { useEffect } from 'react';
import { List, Typography } from 'antd';
import { seg } from '../../api/client';
import type { Roster, UserView } from '../../api/types';
import { useApi } from '../../components/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing } from '../../components/time';
import { useSession } from '../../app/session';
import { UnitName } from '../../app/org-units';
import { EmptyText } from '../../components/EmptyText';
import { Section } from '../../components/Section';

/** 值班: who is on duty now in the unit (reporting's roster), by name where the person may read the directory. */
export function OnDuty({ orgUnit, refreshKey }: { orgUnit: string; refreshKey: number }) {
  const { can } = useSession();
  const roster = useApi<Roster>(`/api/reporting/duty/${seg(orgUnit)}/roster`);
  const { reload } = roster;
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);
  const users = useApi<{ items: UserView[] }>(can('identity.read-users') ? '/api/identity/users' : null);
  const names = new Map((users.data?.items ?? []).map((user) => [user.userId, user.displayName]));
  const current = roster.data?.shifts.find(
    (shift) => Date.parse(shift.startsAt) <= Date.now() && Date.now() < Date.parse(shift.endsAt),
  );
  return (
    <Section
      title={
        <>
          今日值班 · <UnitName id={orgUnit} />
        </>
      }
      data-testid="on-duty"
    >
      <ProblemAlert error={roster.error} />
      {roster.data && (
        <>
          <List
            size="small"
            dataSource={roster.data.onDuty}
            locale={{ emptyText: <EmptyText>当前无人值班</EmptyText> }}
            renderItem={(userId) => (
              <List.Item>
                {names.get(userId) ?? userId}
                {current?.headUserId === userId ? '（带班）' : ''}
              </List.Item>
            )}
          />
          {current && (
            <Typography.Text>
              班次 {beijing(current.startsAt, 'MM-DD HH:mm')} 至 {beijing(current.endsAt, 'MM-DD HH:mm')}
            </Typography.Text>
          )}
        </>
      )}
    </Section>
  );
}

import type { EventData, MonitoringRuleDefined } from '@yuqing/contracts';
import type { ProjectionDefinition } from '@yuqing/event-store';
import { each, handlerProjection } from '../handler-projection';

/** The monitoring rules, at their latest version. */
export function rulesProjection(schema: string): ProjectionDefinition {
  const s = schema;
  return handlerProjection({ name: 'ingestion.rules', tables: [{ name: 'rules', key: ['rule_id'] }] }, [
    [
      'ingestion.MonitoringRuleDefined',
      each((c, e) => {
        const d = e.data as EventData<typeof MonitoringRuleDefined>;
        return c.query(
          `insert into ${s}.rules (rule_id, org_unit, version, name, expression, platforms, active) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (rule_id) do update set version = excluded.version, name = excluded.name, expression = excluded.expression,
             platforms = excluded.platforms, active = excluded.active`,
          [d.ruleId, e.metadata.orgUnit, d.ruleVersion, d.name, d.expression, d.platforms, d.active],
        );
      }),
    ],
  ]);
}

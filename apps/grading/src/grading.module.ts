import { DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { eventSource } from '@yuqing/contracts';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import type { GradingRuleSet } from '@yuqing/grading-domain';
import {
  EventSourcingModule,
  LOGGER,
  PG_POOL,
  ServiceKitModule,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { ActivateEmergencyPlanController } from './activate-emergency-plan/activate-emergency-plan.controller';
import { ActivateEmergencyPlanHandler } from './activate-emergency-plan/activate-emergency-plan.handler';
import { AdoptHandlingPlanController } from './adopt-handling-plan/adopt-handling-plan.controller';
import { AdoptHandlingPlanHandler } from './adopt-handling-plan/adopt-handling-plan.handler';
import { CategoriseIncidentController } from './categorise-incident/categorise-incident.controller';
import { CategoriseIncidentHandler } from './categorise-incident/categorise-incident.handler';
import { ConcludeAssessmentController } from './conclude-assessment/conclude-assessment.controller';
import { ConcludeAssessmentHandler } from './conclude-assessment/conclude-assessment.handler';
import { ConfirmGradeController } from './confirm-grade/confirm-grade.controller';
import { ConfirmGradeHandler } from './confirm-grade/confirm-grade.handler';
import { ConveneAssessmentController } from './convene-assessment/convene-assessment.controller';
import { ConveneAssessmentHandler } from './convene-assessment/convene-assessment.handler';
import { DowngradeGradeController } from './downgrade-grade/downgrade-grade.controller';
import { DowngradeGradeHandler } from './downgrade-grade/downgrade-grade.handler';
import { EscalateGradeController } from './escalate-grade/escalate-grade.controller';
import { EscalateGradeHandler } from './escalate-grade/escalate-grade.handler';
import { FormSpecialTeamController } from './form-special-team/form-special-team.controller';
import { FormSpecialTeamHandler } from './form-special-team/form-special-team.handler';
import { JudgeGenuinenessController } from './judge-genuineness/judge-genuineness.controller';
import { JudgeGenuinenessHandler } from './judge-genuineness/judge-genuineness.handler';
import { OverrideGradeController } from './override-grade/override-grade.controller';
import { OverrideGradeHandler } from './override-grade/override-grade.handler';
import type { GradingConfig } from './grading.config';
import { GRADING_CONFIG, RULE_SET } from './grading.tokens';
import { FactRecorder } from './propose-grade/fact-recorder';
import { FactsHandler } from './propose-grade/facts.handler';
import { projections } from './read-models';
import { IncidentOrgUnitResolver } from './read-models/incident-org-unit.resolver';
import { GradingIncidentsController } from './read-models/incidents/incidents.controller';
import { GradingIncidentsReadModel } from './read-models/incidents/incidents.read-model';
import { IncidentReplay } from './replay-incident/incident-replay';
import { RuleSetsReadModel } from './rules/rule-sets.read-model';
import { GradingWhatIf } from './what-if/grading-what-if';
import { gradingMigrations } from './read-models/schema';
import { loadOutletCatalogue, loadRuleSet, ruleSetDigest } from './rules/rule-set-file';
import { ReplayIncidentController } from './replay-incident/replay-incident.controller';
import { VerifyIncidentChainController } from './verify-incident-chain/verify-incident-chain.controller';
import { RuleSetsController } from './rules/rule-sets.controller';
import { WhatIfController } from './what-if/what-if.controller';

class GradingLifecycle implements OnModuleInit {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RULE_SET) private readonly ruleSet: GradingRuleSet,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const s = this.store.schema;
    // The event store's own tables are migrated by EventSourcingModule, initialised before this module.
    await migrate(this.pool, s, gradingMigrations(s));
    // A version names one set of rules for good: the decisions that cite it must stay explainable by it.
    const digest = ruleSetDigest(this.ruleSet);
    await this.pool.query(
      `insert into ${s}.rule_sets (version, content, digest) values ($1, $2, $3) on conflict (version) do nothing`,
      [this.ruleSet.version, JSON.stringify(this.ruleSet), digest],
    );
    const { rows } = await this.pool.query<{ digest: string }>(
      `select digest from ${s}.rule_sets where version = $1`,
      [this.ruleSet.version],
    );
    if (rows[0]?.digest !== digest) {
      throw new Error(
        `GRADING_RULES_FILE: version ${this.ruleSet.version} was graded by with other rules; give the changed rules a new version`,
      );
    }
    this.logger.info({ ruleSetVersion: this.ruleSet.version }, 'grading rule set in force');
  }
}

/** Grading (定级) and assessment (研判): proposals from ingestion's and reporting's facts, the authority's decisions. */
@Module({})
export class GradingModule {
  /** `verifier` replaces the JWKS-backed one (tests sign their own tokens). */
  static register(
    kit: ServiceKitOptions,
    config: GradingConfig,
    overrides: { verifier?: TokenVerifier } = {},
  ): DynamicModule {
    const schema = config.GRADING_SCHEMA;
    const ruleSet = loadRuleSet(config.GRADING_RULES_FILE, loadOutletCatalogue(config.SOURCE_CATALOGUE_FILE));
    return {
      module: GradingModule,
      imports: [
        ServiceKitModule.forRoot(kit),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('grading'),
          projections: projections(schema),
        }),
        AuthModule.forRoot({
          schema: `${schema}_auth`,
          verifier:
            overrides.verifier ??
            new TokenVerifier({
              issuer: config.AUTH_ISSUER,
              audience: config.AUTH_AUDIENCE,
              keys: { jwksUrl: config.AUTH_JWKS_URL },
            }),
          resolvers: { incident: IncidentOrgUnitResolver },
        }),
      ],
      controllers: [
        ConfirmGradeController,
        OverrideGradeController,
        EscalateGradeController,
        DowngradeGradeController,
        CategoriseIncidentController,
        JudgeGenuinenessController,
        ConveneAssessmentController,
        ConcludeAssessmentController,
        AdoptHandlingPlanController,
        FormSpecialTeamController,
        ActivateEmergencyPlanController,
        WhatIfController,
        GradingIncidentsController,
        RuleSetsController,
        ReplayIncidentController,
        VerifyIncidentChainController,
      ],
      providers: [
        { provide: GRADING_CONFIG, useValue: config },
        { provide: RULE_SET, useValue: ruleSet },
        GradingLifecycle,
        FactRecorder,
        FactsHandler,
        ConfirmGradeHandler,
        OverrideGradeHandler,
        EscalateGradeHandler,
        DowngradeGradeHandler,
        CategoriseIncidentHandler,
        JudgeGenuinenessHandler,
        ConveneAssessmentHandler,
        ConcludeAssessmentHandler,
        AdoptHandlingPlanHandler,
        FormSpecialTeamHandler,
        ActivateEmergencyPlanHandler,
        IncidentOrgUnitResolver,
        GradingIncidentsReadModel,
        RuleSetsReadModel,
        IncidentReplay,
        GradingWhatIf,
      ],
    };
  }
}

import {
  DomainRuleError,
  FirstResponseDeadlineChanged,
  FirstResponseOverdue,
  FirstResponseReminderDue,
  NotFoundError,
  NotPermittedError,
  ReleaseApproved,
  ReleaseAuthorityGranted,
  ReleasePrepared,
  ResponseGradeNoted,
  ResponsePlanOpened,
  SpecialTeamNoted,
  WordingApproved,
  WordingDrafted,
  type Grade,
  type NewEvent,
} from '@yuqing/contracts';
import {
  decideResponse,
  evolveResponse,
  initialResponseState,
  recordedRefusal,
  type Approver,
  type ResponseCommand,
} from './response.decider';
import {
  DEFAULT_GUIDANCE_POLICY,
  durationMs,
  GuidancePolicyError,
  parseGuidancePolicyJson,
} from './response.policy';

const policy = DEFAULT_GUIDANCE_POLICY;
const INCIDENT = '0193a1b2-0000-7000-8000-000000000001';
const UNIT = 'cn.yn.km.yl.jtj';
const AT = '2026-11-25T01:00:00.000Z';
const L1: Grade = { level: 'level-1', exceptional: false };
const L2: Grade = { level: 'level-2', exceptional: false };
const L3: Grade = { level: 'level-3', exceptional: false };

/** Events as the store gives them back: the envelope carries the incident's unit. */
const recorded = (event: NewEvent): NewEvent => ({ ...event, metadata: { orgUnit: UNIT } });

const noteGrade = (grade: Grade, eventId = 'grade-1', gradedBy: 'confirmed' | 'escalated' = 'confirmed') =>
  ({
    kind: 'note-grade',
    incidentId: INCIDENT,
    orgUnit: UNIT,
    eventId,
    at: AT,
    policy,
    grade,
    gradedBy,
  }) as const;
const adoptPlan = (
  releaseApprover: 'department-supervising-leader' | 'special-team' | 'city-bureau-department',
  extra = {},
) =>
  ({
    kind: 'adopt-plan',
    incidentId: INCIDENT,
    orgUnit: UNIT,
    eventId: 'plan-event-1',
    at: AT,
    policy,
    planId: 'plan-1',
    releaseApprover,
    ...extra,
  }) as const;
const formTeam = {
  kind: 'form-team',
  incidentId: INCIDENT,
  orgUnit: UNIT,
  eventId: 'team-event-1',
  at: AT,
  policy,
  teamId: 'team-1',
  leaderUserId: 'leader',
  memberUserIds: ['member'],
} as const;

const figures = [{ name: '受损车辆', value: 2, unit: '辆' }];
const draft = (over: Partial<Extract<ResponseCommand, { kind: 'draft-wording' }>> = {}): ResponseCommand => ({
  kind: 'draft-wording',
  incidentId: INCIDENT,
  wordingId: 'w1',
  revision: false,
  facts: [{ statement: '路面塌陷。', source: { kind: 'verification', eventId: 'v1' } }],
  figures,
  text: '已封闭抢修。',
  outlet: { name: '宜良县交通运输局', channel: '宜良交通 微博' },
  statesCause: false,
  characterises: false,
  drafter: { userId: 'u-drafter', grants: [{ role: 'spokesperson', orgUnit: 'cn.yn.km.yl' }] },
  ...over,
});

const spokesperson: Approver = {
  userId: 'u-spokes',
  grants: [{ role: 'spokesperson', orgUnit: 'cn.yn.km.yl' }],
};
const office: Approver = {
  userId: 'u-office',
  grants: [{ role: 'leading-group-office', orgUnit: 'cn.yn.km.yl' }],
};
const publicity: Approver = {
  userId: 'u-pub',
  grants: [{ role: 'publicity-department', orgUnit: 'cn.yn.km.yl' }],
};
const elsewhere: Approver = { userId: 'u-x', grants: [{ role: 'spokesperson', orgUnit: 'cn.yn.km.sl' }] };
const cityDept: Approver = { userId: 'u-city', grants: [{ role: 'spokesperson', orgUnit: 'cn.yn.km.jtj' }] };
const teamMember: Approver = {
  userId: 'member',
  grants: [{ role: 'special-team-member', orgUnit: 'cn.yn.km.yl.zb' }],
};

const decideWording = (
  approver: Approver,
  over: Partial<Extract<ResponseCommand, { kind: 'decide-wording' }>> = {},
) =>
  ({
    kind: 'decide-wording',
    wordingId: 'w1',
    version: 1,
    decision: 'approve',
    approver,
    policy,
    ...over,
  }) as const;
const prepare = (over: Partial<Extract<ResponseCommand, { kind: 'prepare-release' }>['release']> = {}) =>
  ({
    kind: 'prepare-release',
    releaseId: 'r1',
    policy,
    release: {
      kind: 'weibo-post',
      channel: '宜良交通 微博',
      wordingId: 'w1',
      wordingVersion: 1,
      text: '【通报】已封闭抢修，受损车辆2辆。',
      figures,
      ...over,
    },
  }) as const;
const decideRelease = (
  approver: Approver,
  over: Partial<Extract<ResponseCommand, { kind: 'decide-release' }>> = {},
) => ({ kind: 'decide-release', releaseId: 'r1', decision: 'approve', approver, policy, ...over }) as const;
const publish = {
  kind: 'publish-release',
  releaseId: 'r1',
  url: 'https://weibo.com/yljt/1',
  publishedAt: AT,
} as const;

/** Given commands already decided (their events recorded), when a command is decided: its events or refusal. */
function given(...commands: readonly ResponseCommand[]) {
  let state = initialResponseState();
  for (const command of commands) {
    for (const event of decideResponse(command, state)) state = evolveResponse(state, recorded(event));
  }
  return {
    state,
    when: (command: ResponseCommand) => ({
      events: () => decideResponse(command, state),
      types: () => decideResponse(command, state).map((e) => e.type),
      refusal: (): unknown => {
        try {
          decideResponse(command, state);
        } catch (error) {
          return error;
        }
        throw new Error('expected a refusal');
      },
    }),
  };
}

/** An incident at `grade` with an approved wording w1 v1 (approved by whoever the grade names). */
function approvedAt(grade: Grade, approver: Approver, ...setup: ResponseCommand[]): ResponseCommand[] {
  return [noteGrade(grade), ...setup, draft(), decideWording(approver)];
}

describe('三同步: the plan opens with the handling plan or the special team', () => {
  it('opens the plan from a handling plan, with the policy’s drafter, channels and first-response deadline', () => {
    const events = given(noteGrade(L3)).when(adoptPlan('department-supervising-leader')).events();
    expect(events.map((e) => e.type)).toEqual([ResponsePlanOpened.type, ReleaseAuthorityGranted.type]);
    expect(events[0]?.data).toMatchObject({
      incidentId: INCIDENT,
      openedBy: { kind: 'handling-plan', eventId: 'plan-event-1' },
      level: 'level-3',
      drafter: { orgUnitId: UNIT, roles: policy.drafterRoles },
      firstResponseDueAt: new Date(Date.parse(AT) + durationMs('PT24H')).toISOString(),
      ruleSetVersion: 'guidance-rules@1',
    });
  });

  it('gives 一级 one hour and 二级 four hours to the first response (policy guidance-rules@1)', () => {
    const due = (grade: Grade) =>
      (given(noteGrade(grade)).when(formTeam).events()[0]?.data as { firstResponseDueAt: string })
        .firstResponseDueAt;
    expect(due(L1)).toBe('2026-11-25T02:00:00.000Z');
    expect(due(L2)).toBe('2026-11-25T05:00:00.000Z');
  });

  it('opens once: a later plan or team grants authority without reopening; a redelivered event decides nothing', () => {
    expect(given(noteGrade(L1), formTeam).when(adoptPlan('special-team')).types()).toEqual([
      ReleaseAuthorityGranted.type,
    ]);
    expect(given(noteGrade(L1), formTeam).when(formTeam).events()).toEqual([]);
    expect(given(noteGrade(L1)).when(noteGrade(L1)).events()).toEqual([]);
    expect(
      given(noteGrade(L3), adoptPlan('department-supervising-leader'))
        .when(adoptPlan('department-supervising-leader'))
        .events(),
    ).toEqual([]);
  });

  it('records the special team’s leader and members', () => {
    expect(given(noteGrade(L1)).when(formTeam).events()[1]).toEqual(
      SpecialTeamNoted.create({
        incidentId: INCIDENT,
        teamId: 'team-1',
        teamEventId: 'team-event-1',
        leaderUserId: 'leader',
        memberUserIds: ['member'],
      }),
    );
  });
});

describe('a release arrangement that is missing or does not fit the grade is a gap', () => {
  const gapsOf =
    (...setup: ResponseCommand[]) =>
    (command: ResponseCommand) =>
      given(...setup)
        .when(command)
        .events()
        .filter((e) => e.type === 'guidance.ResponseArrangementGapRecorded')
        .map((e) => (e.data as { gap: string }).gap);

  it('a 一级 plan naming the department’s supervising leader', () => {
    expect(gapsOf(noteGrade(L1))(adoptPlan('department-supervising-leader'))).toEqual([
      'approver-does-not-fit-grade',
    ]);
  });
  it('a plan before any grade in force', () => {
    expect(gapsOf()(adoptPlan('department-supervising-leader'))).toEqual(['no-grade-in-force']);
  });
  it('the city bureau without its department, the special team before it is formed', () => {
    expect(gapsOf(noteGrade(L3))(adoptPlan('city-bureau-department'))).toEqual([
      'city-bureau-department-unnamed',
    ]);
    expect(gapsOf(noteGrade(L1))(adoptPlan('special-team'))).toEqual(['special-team-not-formed']);
  });
  it('none for a plan that fits', () => {
    expect(
      gapsOf(noteGrade(L3))(
        adoptPlan('city-bureau-department', { releaseApproverOrgUnitId: 'cn.yn.km.jtj' }),
      ),
    ).toEqual([]);
  });
});

describe('arranging by hand', () => {
  const arrange = (orgUnit = UNIT) =>
    ({
      kind: 'arrange',
      incidentId: INCIDENT,
      orgUnit,
      drafterRoles: ['spokesperson'],
      channels: ['微博'],
      at: AT,
      policy,
    }) as const;
  it('opens the plan where none arrived, and changes it afterwards', () => {
    expect(given().when(arrange()).types()).toEqual([ResponsePlanOpened.type]);
    expect(given(arrange()).when(arrange()).types()).toEqual(['guidance.ResponseArranged']);
  });
  it('refuses another unit than the incident’s', () => {
    expect(given(noteGrade(L3)).when(arrange('cn.yn.qj')).refusal()).toMatchObject({
      rule: 'guidance.org-unit-mismatch',
      field: 'orgUnit',
    });
  });
});

describe('wording (口径) in versions', () => {
  it('numbers versions; a revision is the next version, a revision of an unknown wording is 404', () => {
    expect(given(noteGrade(L3)).when(draft()).events()[0]?.data).toMatchObject({
      version: 1,
      wordingId: 'w1',
    });
    expect(
      given(noteGrade(L3), draft())
        .when(draft({ revision: true }))
        .events()[0]?.data,
    ).toMatchObject({
      version: 2,
    });
    expect(
      given(noteGrade(L3))
        .when(draft({ revision: true }))
        .refusal(),
    ).toBeInstanceOf(NotFoundError);
    expect(given().when(draft()).refusal()).toBeInstanceOf(NotFoundError);
  });

  it('is approved by the role the grade requires, and refused with a reason', () => {
    expect(given(noteGrade(L3), draft()).when(decideWording(spokesperson)).events()).toEqual([
      WordingApproved.create({
        incidentId: INCIDENT,
        wordingId: 'w1',
        version: 1,
        approvedAs: 'department-supervising-leader',
        level: 'level-3',
        ruleSetVersion: 'guidance-rules@1',
      }),
    ]);
    expect(
      given(noteGrade(L3), draft())
        .when(decideWording(spokesperson, { decision: 'refuse', reason: '原因未明。' }))
        .types(),
    ).toEqual(['guidance.WordingRefused']);
    expect(
      given(noteGrade(L3), draft())
        .when(decideWording(spokesperson, { decision: 'refuse' }))
        .refusal(),
    ).toMatchObject({
      rule: 'guidance.reason-required',
      field: 'reason',
    });
  });

  it('is 403 for a role the grade does not name, or one outside the incident’s unit', () => {
    expect(given(noteGrade(L2), draft()).when(decideWording(spokesperson)).refusal()).toBeInstanceOf(
      NotPermittedError,
    );
    expect(given(noteGrade(L3), draft()).when(decideWording(elsewhere)).refusal()).toMatchObject({
      rule: 'guidance.approver-not-permitted',
    });
  });

  it('needs explicit assent to a stated cause or a characterisation (慎报原因、谨慎定性)', () => {
    const flagged = given(noteGrade(L3), draft({ statesCause: true, characterises: true }));
    expect(flagged.when(decideWording(spokesperson)).refusal()).toMatchObject({
      rule: 'guidance.assent-to-cause-required',
      field: 'assentToCause',
    });
    expect(flagged.when(decideWording(spokesperson, { assentToCause: true })).refusal()).toMatchObject({
      field: 'assentToCharacterisation',
    });
    expect(
      flagged
        .when(decideWording(spokesperson, { assentToCause: true, assentToCharacterisation: true }))
        .events()[0]?.data,
    ).toMatchObject({ assentToCause: true, assentToCharacterisation: true });
  });

  it('refuses an older version when a newer exists, one decided already, one unknown, and no grade', () => {
    const revised = given(noteGrade(L3), draft(), draft({ revision: true }));
    expect(revised.when(decideWording(spokesperson)).refusal()).toMatchObject({
      rule: 'guidance.wording-superseded',
      field: 'version',
    });
    expect(
      given(noteGrade(L3), draft(), decideWording(spokesperson)).when(decideWording(spokesperson)).refusal(),
    ).toMatchObject({
      rule: 'guidance.wording-decided',
    });
    expect(revised.when(decideWording(spokesperson, { version: 9 })).refusal()).toMatchObject({
      rule: 'guidance.wording-version-unknown',
    });
    expect(revised.when(decideWording(spokesperson, { wordingId: 'nope' })).refusal()).toBeInstanceOf(
      NotFoundError,
    );
    const ungraded = given(
      {
        kind: 'arrange',
        incidentId: INCIDENT,
        orgUnit: UNIT,
        drafterRoles: ['spokesperson'],
        channels: [],
        at: AT,
        policy,
      },
      draft(),
    );
    expect(ungraded.when(decideWording(spokesperson)).refusal()).toMatchObject({
      rule: 'guidance.no-grade-in-force',
    });
  });
});

describe('releases cite one approved, current wording version', () => {
  const ready = () => given(...approvedAt(L3, spokesperson));

  it('prepares one with the version’s figures, naming who must approve', () => {
    const [event] = ready().when(prepare()).events();
    expect(event?.type).toBe(ReleasePrepared.type);
    expect(event?.data).toMatchObject({
      requiredApprovers: ['department-supervising-leader'],
      wordingVersion: 1,
    });
  });

  it('refuses a superseded version, an unapproved one, an unknown one (the field named)', () => {
    const revised = given(...approvedAt(L3, spokesperson), draft({ revision: true }));
    expect(revised.when(prepare()).refusal()).toMatchObject({
      rule: 'guidance.wording-superseded',
      field: 'wordingVersion',
    });
    expect(revised.when(prepare({ wordingVersion: 2 })).refusal()).toMatchObject({
      rule: 'guidance.wording-not-approved',
      field: 'wordingVersion',
    });
    expect(revised.when(prepare({ wordingVersion: 7 })).refusal()).toMatchObject({ field: 'wordingVersion' });
    expect(revised.when(prepare({ wordingId: 'nope' })).refusal()).toMatchObject({ field: 'wordingId' });
  });

  it('refuses figures that differ from the approved version, naming the figure and field', () => {
    expect(
      ready()
        .when(prepare({ figures: [{ name: '受损车辆', value: 3, unit: '辆' }] }))
        .refusal(),
    ).toMatchObject({
      rule: 'guidance.figures-differ',
      field: 'figures.0.value',
    });
    expect(
      ready()
        .when(prepare({ figures: [] }))
        .refusal(),
    ).toMatchObject({ field: 'figures' });
    expect(
      ready()
        .when(prepare({ figures: [{ name: '受损车辆', value: 2 }] }))
        .refusal(),
    ).toMatchObject({
      field: 'figures.0.unit',
    });
  });

  it('a progress explanation says why the matter is not yet resolved (篇一二(四))', () => {
    expect(
      ready()
        .when(prepare({ kind: 'progress-explanation' }))
        .refusal(),
    ).toMatchObject({
      field: 'whyNotYetResolved',
    });
    expect(
      ready()
        .when(prepare({ kind: 'progress-explanation', whyNotYetResolved: '需协调市政部门，预计两周。' }))
        .types(),
    ).toEqual([ReleasePrepared.type]);
  });
});

describe('approval by the role the grade requires (第二十一条)', () => {
  const prepared = (grade: Grade, approver: Approver, ...setup: ResponseCommand[]) =>
    given(...approvedAt(grade, approver, ...setup), prepare());

  it('一级: the special team’s members or the publicity department; not a spokesperson', () => {
    const l1 = prepared(L1, publicity, formTeam);
    expect(l1.when(decideRelease(teamMember)).events()[0]?.data).toMatchObject({
      approvedAs: 'special-team',
    });
    expect(l1.when(decideRelease(publicity)).events()[0]?.data).toMatchObject({
      approvedAs: 'propaganda-department',
      level: 'level-1',
    });
    expect(l1.when(decideRelease(spokesperson)).refusal()).toBeInstanceOf(NotPermittedError);
  });

  it('二级: the leading group’s office', () => {
    const l2 = prepared(L2, office);
    expect(l2.when(decideRelease(office)).types()).toEqual([ReleaseApproved.type]);
    expect(l2.when(decideRelease(publicity)).refusal()).toBeInstanceOf(NotPermittedError);
  });

  it('三级: the department’s supervising leader, or the city bureau department where the plan asks it', () => {
    expect(prepared(L3, spokesperson).when(decideRelease(spokesperson)).types()).toEqual([
      ReleaseApproved.type,
    ]);
    expect(prepared(L3, spokesperson).when(decideRelease(cityDept)).refusal()).toBeInstanceOf(
      NotPermittedError,
    );
    const consulted = prepared(
      L3,
      cityDept,
      adoptPlan('city-bureau-department', { releaseApproverOrgUnitId: 'cn.yn.km.jtj' }),
    );
    expect(consulted.when(decideRelease(cityDept)).events()[0]?.data).toMatchObject({
      approvedAs: 'city-bureau-department',
    });
  });

  it('refuses with a reason; a decided release is not decided again; an unknown one is 404', () => {
    const l3 = prepared(L3, spokesperson);
    expect(
      l3.when(decideRelease(spokesperson, { decision: 'refuse', reason: '数据待核。' })).types(),
    ).toEqual(['guidance.ReleaseRefused']);
    expect(l3.when(decideRelease(spokesperson, { decision: 'refuse' })).refusal()).toMatchObject({
      field: 'reason',
    });
    expect(
      given(...approvedAt(L3, spokesperson), prepare(), decideRelease(spokesperson))
        .when(decideRelease(spokesperson))
        .refusal(),
    ).toMatchObject({
      rule: 'guidance.release-decided',
    });
    expect(l3.when(decideRelease(spokesperson, { releaseId: 'nope' })).refusal()).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses to approve a release whose wording was revised since', () => {
    expect(
      given(...approvedAt(L3, spokesperson), prepare(), draft({ revision: true }))
        .when(decideRelease(spokesperson))
        .refusal(),
    ).toMatchObject({ rule: 'guidance.wording-superseded' });
  });
});

describe('a grade change changes the approver of releases not yet approved', () => {
  it('三级 → 一级: records from and to for the waiting releases', () => {
    const escalated = given(...approvedAt(L3, spokesperson), prepare())
      .when(noteGrade(L1, 'grade-2', 'escalated'))
      .events();
    expect(escalated.map((e) => e.type)).toEqual([
      ResponseGradeNoted.type,
      'guidance.ReleaseApprovalRequirementChanged',
    ]);
    expect(escalated[1]?.data).toEqual({
      incidentId: INCIDENT,
      releaseIds: ['r1'],
      from: { level: 'level-3', approvers: ['department-supervising-leader'] },
      to: { level: 'level-1', approvers: ['propaganda-department'] },
      gradeEventId: 'grade-2',
      ruleSetVersion: 'guidance-rules@1',
    });
    // and the old approver no longer may
    const after = given(...approvedAt(L3, spokesperson), prepare(), noteGrade(L1, 'grade-2', 'escalated'));
    expect(after.when(decideRelease(spokesperson)).refusal()).toBeInstanceOf(NotPermittedError);
    expect(after.when(decideRelease(publicity)).types()).toEqual([ReleaseApproved.type]);
  });

  it('records nothing more when no release waits', () => {
    expect(
      given(...approvedAt(L3, spokesperson))
        .when(noteGrade(L1, 'grade-2', 'escalated'))
        .types(),
    ).toEqual([ResponseGradeNoted.type]);
  });
});

describe('publishing', () => {
  it('publishes an approved release with its address, time, text and wording version', () => {
    const [event] = given(...approvedAt(L3, spokesperson), prepare(), decideRelease(spokesperson))
      .when(publish)
      .events();
    expect(event?.data).toEqual({
      incidentId: INCIDENT,
      releaseId: 'r1',
      kind: 'weibo-post',
      channel: '宜良交通 微博',
      url: 'https://weibo.com/yljt/1',
      publishedAt: AT,
      text: '【通报】已封闭抢修，受损车辆2辆。',
      wordingId: 'w1',
      wordingVersion: 1,
    });
  });

  it('records a refused publication of an unapproved release, or of one whose wording was revised (第二十八条)', () => {
    const unapproved = given(...approvedAt(L3, spokesperson), prepare())
      .when(publish)
      .events();
    expect(unapproved.map((e) => e.data)).toEqual([
      {
        incidentId: INCIDENT,
        releaseId: 'r1',
        rule: 'guidance.release-not-approved',
        reason: expect.stringContaining('prepared'),
        url: 'https://weibo.com/yljt/1',
      },
    ]);
    expect(recordedRefusal(unapproved)).toMatchObject({ rule: 'guidance.release-not-approved' });
    const approved = [...approvedAt(L3, spokesperson), prepare(), decideRelease(spokesperson)];
    const revised = given(...approved, draft({ revision: true }))
      .when(publish)
      .events();
    expect(recordedRefusal(revised)).toEqual({
      rule: 'guidance.wording-superseded',
      reason: expect.any(String),
      field: 'wordingVersion',
    });
    expect(
      recordedRefusal(
        given(...approved)
          .when(publish)
          .events(),
      ),
    ).toBeUndefined();
  });

  it('refuses to publish twice, and answers not found for an unknown release', () => {
    const approved = [...approvedAt(L3, spokesperson), prepare(), decideRelease(spokesperson)];
    const refusal = given(...approved, publish)
      .when(publish)
      .refusal();
    expect(refusal).toBeInstanceOf(DomainRuleError);
    expect(refusal).toMatchObject({ rule: 'guidance.release-published' });
    expect(given().when(publish).refusal()).toBeInstanceOf(NotFoundError);
  });
});

describe('the state', () => {
  it('takes the incident’s unit from the envelope and keeps every wording version', () => {
    const { state } = given(noteGrade(L3), draft(), draft({ revision: true }));
    expect(state.orgUnit).toBe(UNIT);
    expect(state.wordings['w1']?.map((v) => v.version)).toEqual([1, 2]);
    expect(WordingDrafted.type).toBe('guidance.WordingDrafted');
  });
});

describe('the policy as data', () => {
  it('takes a deployment’s first-response deadlines, drafters and channels under its own version', () => {
    const policy = parseGuidancePolicyJson(
      JSON.stringify({
        version: 'guidance-rules@yuxi-1',
        firstResponseWithin: { 'level-1': 'PT30M', 'level-2': 'PT2H', 'level-3': 'PT12H' },
        channels: ['玉溪发布'],
      }),
      'yuxi.json',
    );
    expect(policy).toMatchObject({ version: 'guidance-rules@yuxi-1', channels: ['玉溪发布'] });
    expect(policy.approversByLevel).toEqual(DEFAULT_GUIDANCE_POLICY.approversByLevel);
    const due = given(noteGrade(L1))
      .when({ ...formTeam, policy })
      .events()[0]?.data;
    expect(due).toMatchObject({
      firstResponseDueAt: '2026-11-25T01:30:00.000Z',
      ruleSetVersion: 'guidance-rules@yuxi-1',
    });
  });

  it('refuses a file that does not parse, naming the field; approvers are not a deployment’s to change', () => {
    expect(() => parseGuidancePolicyJson('{', 'bad.json')).toThrow(GuidancePolicyError);
    expect(() =>
      parseGuidancePolicyJson(
        JSON.stringify({
          version: 'guidance-rules@2',
          firstResponseWithin: { 'level-1': '1h', 'level-2': 'PT2H', 'level-3': 'PT12H' },
        }),
      ),
    ).toThrow(/firstResponseWithin.level-1/);
    expect(() =>
      parseGuidancePolicyJson(JSON.stringify({ version: 'guidance-rules@2', approversByLevel: {} })),
    ).toThrow(GuidancePolicyError);
  });
});

describe('the first response (速报事实): reminded, then overdue, unless a release is published', () => {
  const HOUR = 3_600_000;
  const at = (ms: number) => new Date(Date.parse(AT) + ms).toISOString();
  const fireDue = (ms: number) => ({ kind: 'fire-due', now: at(ms) }) as const;
  const planned = (grade: Grade) => [noteGrade(grade), adoptPlan('department-supervising-leader')];

  it('reminds when a quarter of the window is left (policy), once; then is overdue at the deadline, once', () => {
    const plan = given(noteGrade(L3)).when(adoptPlan('department-supervising-leader')).events()[0]?.data;
    expect(plan).toMatchObject({ firstResponseDueAt: at(24 * HOUR), firstResponseRemindAt: at(18 * HOUR) });
    expect(
      given(...planned(L3))
        .when(fireDue(17 * HOUR))
        .events(),
    ).toEqual([]);
    const reminder = given(...planned(L3))
      .when(fireDue(18 * HOUR))
      .events();
    expect(reminder.map((e) => e.data)).toEqual([
      {
        incidentId: INCIDENT,
        dueAt: at(24 * HOUR),
        planId: 'plan-1',
        level: 'level-3',
        minutesRemaining: 360,
      },
    ]);
    expect(reminder.map((e) => e.type)).toEqual([FirstResponseReminderDue.type]);
    expect(
      given(...planned(L3), fireDue(18 * HOUR))
        .when(fireDue(20 * HOUR))
        .events(),
    ).toEqual([]);
    const overdue = given(...planned(L3), fireDue(18 * HOUR)).when(fireDue(24 * HOUR));
    expect(overdue.types()).toEqual([FirstResponseOverdue.type]);
    expect(overdue.events()[0]?.data).toEqual({
      incidentId: INCIDENT,
      dueAt: at(24 * HOUR),
      planId: 'plan-1',
      level: 'level-3',
      ruleSetVersion: 'guidance-rules@1',
    });
    expect(
      given(...planned(L3), fireDue(18 * HOUR), fireDue(24 * HOUR))
        .when(fireDue(30 * HOUR))
        .events(),
    ).toEqual([]);
  });

  it('a watcher that wakes late records the overdue alone, not a reminder after the deadline', () => {
    expect(
      given(...planned(L1))
        .when(fireDue(2 * HOUR))
        .types(),
    ).toEqual([FirstResponseOverdue.type]);
  });

  it('a published release settles it: neither reminder nor overdue', () => {
    const published = [
      ...planned(L3),
      draft(),
      decideWording(spokesperson),
      prepare(),
      decideRelease(spokesperson),
      publish,
    ];
    expect(
      given(...published)
        .when(fireDue(18 * HOUR))
        .events(),
    ).toEqual([]);
    expect(
      given(...published)
        .when(fireDue(25 * HOUR))
        .events(),
    ).toEqual([]);
    // A release approved but not published is no response.
    expect(
      given(...published.slice(0, -1))
        .when(fireDue(25 * HOUR))
        .types(),
    ).toEqual([FirstResponseOverdue.type]);
  });

  it('an escalation brings the deadline forward to the new grade’s window from the escalation, never later', () => {
    const escalated = given(...planned(L3)).when({
      ...noteGrade(L1, 'grade-2', 'escalated'),
      at: at(2 * HOUR),
    });
    expect(escalated.types()).toEqual([ResponseGradeNoted.type, FirstResponseDeadlineChanged.type]);
    expect(escalated.events()[1]?.data).toEqual({
      incidentId: INCIDENT,
      dueAt: at(3 * HOUR),
      planId: 'plan-1',
      level: 'level-1',
      remindAt: at(2.75 * HOUR),
      previousDueAt: at(24 * HOUR),
      gradeEventId: 'grade-2',
      ruleSetVersion: 'guidance-rules@1',
    });
    const after = [...planned(L3), { ...noteGrade(L1, 'grade-2', 'escalated'), at: at(2 * HOUR) }];
    expect(
      given(...after)
        .when(fireDue(3 * HOUR))
        .types(),
    ).toEqual([FirstResponseOverdue.type]);
    // A downgrade gives no more time; an escalation whose window would end later changes nothing.
    expect(
      given(...after)
        .when({ ...noteGrade(L3, 'grade-3'), at: at(2.5 * HOUR) })
        .types(),
    ).toEqual([ResponseGradeNoted.type]);
    expect(
      given(...planned(L2))
        .when({ ...noteGrade(L1, 'grade-2', 'escalated'), at: at(3.5 * HOUR) })
        .types(),
    ).toEqual([ResponseGradeNoted.type]);
  });

  it('a plan opened before any grade gets its deadline when the grade comes', () => {
    const ungraded = given(adoptPlan('department-supervising-leader'));
    expect(ungraded.state.firstResponse).toBeUndefined();
    const graded = ungraded.when({ ...noteGrade(L2), at: at(HOUR) }).events();
    expect(graded[1]?.data).toMatchObject({ dueAt: at(5 * HOUR), level: 'level-2' });
    expect(graded[1]?.data).not.toHaveProperty('previousDueAt');
  });

  it('a deadline arranged by hand is reminded a quarter of the time left before it', () => {
    const arranged = given(...planned(L3)).when({
      kind: 'arrange',
      incidentId: INCIDENT,
      orgUnit: UNIT,
      drafterRoles: ['spokesperson'],
      channels: ['微博'],
      firstResponseDueAt: at(5 * HOUR),
      at: at(HOUR),
      policy,
    });
    expect(arranged.events()[0]?.data).toMatchObject({
      firstResponseDueAt: at(5 * HOUR),
      firstResponseRemindAt: at(4 * HOUR),
    });
  });
});

describe('drafting is for the drafters the plan names (三同步)', () => {
  const arrangeDrafters = (drafterRoles: string[]) =>
    ({
      kind: 'arrange',
      incidentId: INCIDENT,
      orgUnit: UNIT,
      drafterRoles,
      channels: ['微博'],
      at: AT,
      policy,
    }) as const;
  const admin = { userId: 'u-admin', grants: [{ role: 'opinion-admin', orgUnit: UNIT }] };

  it('admits a named role at or above the incident’s unit, and refuses (403) another role or another unit', () => {
    const planned = given(noteGrade(L3), adoptPlan('department-supervising-leader'));
    expect(planned.when(draft({ drafter: admin })).types()).toEqual([WordingDrafted.type]);
    const spokesOnly = given(
      noteGrade(L3),
      adoptPlan('department-supervising-leader'),
      arrangeDrafters(['spokesperson']),
    );
    expect(spokesOnly.when(draft()).types()).toEqual([WordingDrafted.type]);
    expect(spokesOnly.when(draft({ drafter: admin })).refusal()).toMatchObject({
      rule: 'guidance.drafter-not-permitted',
    });
    expect(spokesOnly.when(draft({ drafter: admin })).refusal()).toBeInstanceOf(NotPermittedError);
    const below = { userId: 'u-below', grants: [{ role: 'spokesperson', orgUnit: `${UNIT}.ke` }] };
    expect(spokesOnly.when(draft({ drafter: below })).refusal()).toBeInstanceOf(NotPermittedError);
    expect(spokesOnly.when(draft({ drafter: elsewhere })).refusal()).toBeInstanceOf(NotPermittedError);
  });

  it('admits the incident’s special team, and the service drafting on its own account', () => {
    const withTeam = given(noteGrade(L1), formTeam, arrangeDrafters(['spokesperson']));
    const member = { userId: 'member', grants: [{ role: 'special-team-member', orgUnit: 'cn.yn.km.yl.zb' }] };
    expect(withTeam.when(draft({ drafter: member })).types()).toEqual([WordingDrafted.type]);
    expect(withTeam.when(draft({ drafter: 'service' })).types()).toEqual([WordingDrafted.type]);
    const stranger = { ...member, userId: 'someone-else' };
    expect(withTeam.when(draft({ drafter: stranger })).refusal()).toBeInstanceOf(NotPermittedError);
  });
});

// The shapes the console reads from the platform's HTTP API. Local on purpose: the console is a browser app that
// imports no workspace library; these mirror the read models (apps/*/src/read-models) and the session body.

export interface Grant {
  grantId: string;
  role: string;
  orgUnit: string;
}

export interface Session {
  subject: string;
  username: string;
  displayName: string;
  orgUnit: string;
  grants: Grant[];
  permissions: string[];
  csrfToken: string;
  expiresAt: string;
}

/** application/problem+json, as every service answers an error. */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  rule?: string;
  field?: string;
  errors?: { path: string; message: string; position?: number; token?: string }[];
}

export type GradeLevel = 'level-1' | 'level-2' | 'level-3';

export interface Grade {
  level: GradeLevel;
  exceptional: boolean;
}

export interface EvidenceRef {
  kind: 'item' | 'event';
  id: string;
}

export interface Proposal {
  proposalId: string;
  grade: Grade;
  criteria: string[];
  evidence: EvidenceRef[];
  ruleSetVersion: string;
  rationale?: string;
  eventId: string;
  proposedAt: string;
}

/** ingestion: GET /api/ingestion/incidents */
export interface IngestionIncident {
  incidentId: string;
  orgUnit: string;
  title: string;
  detectedAt: string;
  lastActivityAt: string;
  itemCount: number;
  heatIndex: number | null;
  widestReach: string | null;
  status: 'open' | 'merged';
  mergedInto: string | null;
  splitFrom: string | null;
  version: number | null;
}

export interface Engagement {
  views?: number;
  likes?: number;
  comments?: number;
  shares?: number;
}

export interface Item {
  itemId: string;
  title: string;
  url: string | null;
  outlet: string | null;
  platform: string | null;
  reachTier: string | null;
  publishedAt: string | null;
  capturedAt: string | null;
  engagement: Engagement | null;
  sentiment: string | null;
  status: string | null;
  matchedTerms: string[] | null;
  attachment: { relation?: string; similarity?: number; clusterId?: string } | null;
  text?: string | null;
}

export interface IngestionIncidentDetail extends IngestionIncident {
  items: Item[];
}

/** grading: GET /api/grading/incidents */
export interface GradingIncident {
  incidentId: string;
  orgUnit: string;
  title: string | null;
  heatIndex: number | null;
  widestReach: string | null;
  itemCount: number | null;
  grade: Grade | null;
  gradeBy: string | null;
  gradeAt: string | null;
  openProposal: Proposal | null;
  lastActivityAt: string;
}

export interface Decision {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  actor: { kind?: string; id?: string; name?: string } | null;
  ruleVersion: string | null;
  recordedAt: string;
  position: number;
}

export interface Fact {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface GradingIncidentDetail extends GradingIncident {
  history: Decision[];
  facts: Fact[];
  evidence: { items: { itemId: string; title: string }[]; events: { eventId: string; type: string }[] };
}

/** reporting: GET /api/reporting/obligations */
export interface Obligation {
  obligationId: string;
  incidentId: string;
  incidentTitle: string | null;
  orgUnit: string;
  kind: string;
  grade: Grade | null;
  recipientOrgUnitId: string | null;
  dueAt: string;
  fulfilledAt: string | null;
  ruleSetVersion: string | null;
  standing: string;
  secondsRemaining: number | null;
}

export interface Bulletin {
  bulletinId: string;
  incidentId: string;
  orgUnit: string;
  issueNumber: string | null;
  title: string;
  recipientOrgUnitId: string | null;
  submittedAt: string;
  signOffWaitUntil: string | null;
  status: string;
  instructions: string | null;
  signedOffAt: string | null;
  /** The document version the leader signed (X-Document-Version of what they read). */
  signedVersionId: string | null;
}

export interface FollowUpTask {
  taskId: string;
  incidentId: string;
  orgUnit: string;
  bulletinId: string | null;
  description: string;
  assigneeOrgUnitId: string | null;
  dueAt: string | null;
  openedAt: string;
  status?: string;
  completedAt?: string | null;
}

export interface Transfer {
  transferId: string;
  orgUnit: string;
  fromOrgUnitId: string | null;
  transferReference: string | null;
  transferredAt: string | null;
  dueAt: string | null;
  answeredAt: string | null;
  onTime: boolean | null;
}

export interface Roster {
  orgUnitId: string;
  now: string;
  onDuty: string[];
  shifts: {
    shiftId: string;
    startsAt: string;
    endsAt: string;
    monitorUserIds: string[];
    headUserId: string;
  }[];
}

export interface OrgUnit {
  orgUnit: string;
  parent: string | null;
  kind: string;
  name: string;
}

export interface UserView {
  userId: string;
  username: string;
  displayName: string;
  /** 职务, as documents name it beside the name. */
  post: string | null;
  orgUnit: string;
  grants: Grant[];
}

/** One frame of /api/stream (apps/gateway/src/stream/sse.ts). */
export interface StreamEvent {
  eventId: string;
  type: string;
  streamId: string;
  streamPosition: number;
  time: string;
  orgUnit: string;
  actor: unknown;
  data: Record<string, unknown>;
}

/** archive: the summary and reflection a 一级 or 二级 case is closed with (第二十六条). */
export interface CaseSummary {
  whatHappened: string;
  handling: string;
  lessons: string;
  outlook: string;
}

/** archive: GET /api/archive/cases (a row) and the `case` of GET /api/archive/cases/{id} */
export interface ArchiveCase {
  caseId: string;
  orgUnit: string;
  title: string | null;
  status: 'open' | 'closed';
  level: GradeLevel | null;
  exceptional: boolean;
  category: string | null;
  tags: string[];
  summary: CaseSummary | null;
  summarySource: string | null;
  openedAt: string;
  closedAt: string | null;
  entries: number;
  lastEntryAt: string | null;
  version: number;
}

export interface CaseEntry {
  position: number;
  entryKind: string;
  summary: string;
  occurredAt: string;
  source: {
    context: string;
    eventId: string;
    eventType: string;
    streamId: string;
    streamPosition: number;
    hash: string | null;
  };
  facts: Record<string, string | number | boolean | null>;
}

export interface CaseRead {
  purpose: 'view' | 'export' | 'as-of' | string;
  readerKind: string;
  readerId: string;
  readAt: string;
}

/** archive: GET /api/archive/cases/{id} */
export interface CaseFile {
  case: ArchiveCase;
  entries: CaseEntry[];
  reads: CaseRead[];
}

/** archive: a snippet of plain text with the matched ranges, [start, end) string offsets. */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

/** archive: GET /api/archive/library (a case) and …/similar-cases */
export interface LibraryCase {
  caseId: string;
  orgUnit: string;
  title: string | null;
  level: GradeLevel | null;
  exceptional: boolean;
  category: string;
  tags: string[];
  summary: CaseSummary | null;
  openedAt: string;
  closedAt: string;
  rank?: number;
  snippet?: Snippet;
}

export interface LibraryPage {
  cases: LibraryCase[];
  matched?: 'all' | 'any';
  next?: string;
}

/** review: an event a finding rests on, in the publishing service's log. */
export interface FindingEvidence {
  eventId: string;
  type: string;
  streamId: string;
  streamPosition: number;
  time: string;
}

/** review: GET /api/review/findings (a row) and GET /api/review/findings/{id} */
export interface Finding {
  findingId: string;
  kind: string;
  subject: string;
  incidentId: string | null;
  orgUnit: string;
  personId: string | null;
  severity: 'general' | 'major' | 'serious';
  period: string;
  occurredAt: string;
  summary: string;
  evidence: FindingEvidence[];
  detector: string;
  status: 'pending' | 'confirmed' | 'dismissed' | 'appealed';
  explanation: string | null;
  rulingReason: string | null;
  ruledAt: string | null;
  appealBy: string | null;
  appealGrounds: string | null;
  appealOutcome: 'upheld' | 'overturned' | null;
  recordedAt: string;
  version: number;
}

/** review: one line of a rating (how one finding counted). */
export interface RatingLine {
  findingId: string;
  kind: string;
  severity: string;
  status: 'confirmed' | 'dismissed' | 'pending' | 'superseded';
  points: number;
  bars: boolean;
}

/** review: GET /api/review/ratings?period= (a row) */
export interface Rating {
  orgUnit: string;
  period: string;
  ratingId: string;
  schemeVersion: string;
  score: number;
  rating: 'excellent' | 'qualified' | 'unqualified';
  excellentBarred: boolean;
  lines: RatingLine[];
  barredPersonIds: string[];
  computedAt: string;
  version: number;
}

/** review: GET /api/review/notices (a 通报) */
export interface ReviewNotice {
  noticeId: string;
  orgUnit: string;
  period: string;
  documentNumber: string;
  title: string;
  findingIds: string[];
  issuedAt: string;
}

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { StreamEvent } from '../api/types';

// One EventSource per signed-in page (cookie auth, same origin). Frames are named by event type (`event: <type>`),
// so a listener is added for each type the console reacts to; pages subscribe with useLiveEvents.

export const LIVE_TYPES = [
  'ingestion.ItemCaptured',
  'ingestion.IncidentDetected',
  'ingestion.ItemAttachedToIncident',
  'ingestion.ItemDetachedFromIncident',
  'ingestion.IncidentHeatChanged',
  'ingestion.IncidentsMerged',
  'ingestion.IncidentMergedInto',
  'ingestion.IncidentSplit',
  'ingestion.ItemVerified',
  'ingestion.ItemDismissed',
  'grading.GradeProposed',
  'grading.GradeConfirmed',
  'grading.GradeOverridden',
  'grading.GradeEscalated',
  'grading.GradeDowngraded',
  'reporting.ReportingObligationOpened',
  'reporting.ReportingObligationFulfilled',
  'reporting.ReportingObligationCancelled',
  'reporting.ReportOverdue',
  'reporting.FlashReportSent',
  'reporting.BulletinSubmitted',
  'reporting.BulletinSignedOff',
  'reporting.FollowUpTaskOpened',
  'reporting.FollowUpTaskCompleted',
  'reporting.DutyShiftScheduled',
  'reporting.DutyAlertRaised',
  'archive.CaseOpened',
  'archive.CaseEntryFiled',
  'archive.CaseClosed',
  'archive.CaseReopened',
  'review.FindingRecorded',
  'review.FindingExplained',
  'review.FindingConfirmed',
  'review.FindingDismissed',
  'review.FindingAppealed',
  'review.FindingAppealDecided',
  'review.RatingComputed',
  'review.NoticeIssued',
] as const;

type Listener = (event: StreamEvent) => void;
type Status = 'connecting' | 'open' | 'closed';

interface LiveState {
  subscribe(listener: Listener): () => void;
  status: Status;
}

const LiveContext = createContext<LiveState | undefined>(undefined);

function parse(raw: unknown): StreamEvent | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && 'type' in value && 'data' in value) return value as StreamEvent;
  } catch {
    // A malformed frame is skipped: the next re-fetch shows the truth anyway.
  }
  return undefined;
}

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<Status>('connecting');
  const [state] = useState<Omit<LiveState, 'status'>>(() => ({
    subscribe(listener: Listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  }));

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/stream', { withCredentials: true });
    const dispatch = (message: MessageEvent) => {
      const event = parse(message.data);
      if (!event) return;
      for (const listener of listeners.current) listener(event);
    };
    for (const type of LIVE_TYPES) source.addEventListener(type, dispatch);
    source.onmessage = dispatch;
    source.onopen = () => setStatus('open');
    // EventSource reconnects by itself; the status only tells the person the board may be stale meanwhile.
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    return () => source.close();
  }, []);

  return <LiveContext.Provider value={{ ...state, status }}>{children}</LiveContext.Provider>;
}

/** Calls `onEvent` for each live event whose type starts with one of `prefixes` (e.g. 'grading.'). */
export function useLiveEvents(prefixes: readonly string[], onEvent: Listener): void {
  const live = useContext(LiveContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = prefixes.join('|');
  useEffect(() => {
    if (!live) return;
    const wanted = key.split('|');
    return live.subscribe((event) => {
      if (wanted.some((prefix) => event.type.startsWith(prefix))) handler.current(event);
    });
  }, [live, key]);
}

export function useLiveStatus(): Status {
  return useContext(LiveContext)?.status ?? 'closed';
}

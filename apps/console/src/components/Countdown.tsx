import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { formatRemaining } from './format';

// A live countdown to a deadline: mm:ss under an hour, h 小时 mm 分 above, red and counting up once overdue.

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * `skewMs`: the service clock minus the browser's (from a response's `now`), so the countdown runs on the
 * service's time, which decides what is overdue.
 */
export function Countdown({
  dueAt,
  done = false,
  skewMs = 0,
}: {
  dueAt: string | null | undefined;
  /** The clock has stopped: true (已完成), or the words for why (已撤销). */
  done?: boolean | string;
  skewMs?: number;
}) {
  const now = useNow();
  if (!dueAt) return <span>—</span>;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return <span>—</span>;
  if (done) return <span data-testid="countdown">{typeof done === 'string' ? done : '已完成'}</span>;
  const seconds = (due - (now + skewMs)) / 1000;
  const overdue = seconds < 0;
  const text = overdue ? `已超时 ${formatRemaining(seconds)}` : `剩余 ${formatRemaining(seconds)}`;
  return (
    <Typography.Text
      data-testid="countdown"
      data-overdue={overdue ? 'true' : 'false'}
      data-seconds={Math.trunc(seconds)}
      strong={overdue || seconds < 600}
      style={overdue ? { color: '#c41d1d' } : undefined}
      role="timer"
      aria-live="off"
    >
      {text}
    </Typography.Text>
  );
}

import { useEffect, useRef } from 'react';

/** Calls `callback` every `ms` milliseconds while `ms` is a number (null: paused). */
export function useInterval(callback: () => void, ms: number | null): void {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (ms === null) return;
    const timer = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
}

/**
 * Reloads now and twice more shortly after: a command's effects reach the read models (and other services)
 * a moment later, and the live stream may be reconnecting.
 */
export function reloadSettled(reload: () => void): void {
  reload();
  window.setTimeout(reload, 1500);
  window.setTimeout(reload, 5000);
}

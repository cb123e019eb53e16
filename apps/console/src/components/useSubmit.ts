import { useCallback, useState } from 'react';
import { showProblem } from './ProblemAlert';

/**
 * A person's action against the API: busy while it runs; when the service refuses, its problem is shown and the
 * form stays as filled, so nothing typed is lost.
 */
export function useSubmit(): [boolean, (action: () => Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      showProblem(error);
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, submit];
}

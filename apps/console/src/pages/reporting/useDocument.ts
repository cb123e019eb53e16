import { useEffect, useState } from 'react';
import { fetchDocument } from '../../api/client';

/**
 * A document fetched once for reading in the page: an object URL for the browser's viewer and the version it is
 * (X-Document-Version), so what is signed is what was shown. The URL is released when the document closes.
 */
export function useDocument(path: string | undefined): {
  url?: string;
  version?: string;
  error?: unknown;
  /** Fetches it again: the document changed since it was shown. */
  reload: () => void;
} {
  const [state, setState] = useState<{ url?: string; version?: string; error?: unknown }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!path) {
      setState({});
      return undefined;
    }
    const controller = new AbortController();
    let url: string | undefined;
    fetchDocument(path, controller.signal).then(
      ({ blob, version }) => {
        url = URL.createObjectURL(blob);
        setState({ url, ...(version ? { version } : {}) });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ error });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, generation]);
  return { ...state, reload: () => setGeneration((n) => n + 1) };
}

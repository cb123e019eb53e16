import type { ReactNode } from 'react';
import { safeHref } from './format';

export function SafeLink({ url, children }: { url: string | null | undefined; children?: ReactNode }) {
  const href = safeHref(url);
  if (!href) return <span>{children ?? url ?? '—'}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children ?? href}
    </a>
  );
}

import type { ReactNode } from 'react';

/** "Nothing here" in a readable grey: antd paints empty lists in its disabled grey, below 4.5:1 on white. */
export function EmptyText({ children = '暂无数据' }: { children?: ReactNode }) {
  return <span style={{ color: 'rgba(0, 0, 0, 0.72)' }}>{children}</span>;
}

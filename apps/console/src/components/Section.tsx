import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A titled part of a page: a small card whose title is the page's second heading level (h2), for screen readers. */
export function Section({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card
      size="small"
      extra={extra}
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {title}
        </Typography.Title>
      }
    >
      {children}
    </Card>
  );
}

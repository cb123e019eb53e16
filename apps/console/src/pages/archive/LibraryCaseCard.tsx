import { Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { LibraryCase } from '../../api/types';
import { Chip } from '../../components/Chip';
import { GradeTag } from '../../components/GradeTag';
import { beijing } from '../../components/time';
import { UnitName } from '../../app/org-units';
import { Highlighted } from './Highlighted';

/**
 * One closed case of the library: title (a link to its case file for those who may read it), unit, level,
 * category, tags, closing date and the snippet where the query matched. Every text is shown as text.
 */
export function LibraryCaseCard({
  entry,
  canOpenFile,
  headingLevel = 3,
}: {
  entry: LibraryCase;
  canOpenFile: boolean;
  headingLevel?: 3 | 4;
}) {
  const title = entry.title ?? '（无标题）';
  return (
    <Card size="small" data-testid="library-case" data-case-id={entry.caseId}>
      <Typography.Title level={headingLevel} style={{ fontSize: 15, margin: 0, wordBreak: 'break-word' }}>
        {canOpenFile ? <Link to={`/cases/${encodeURIComponent(entry.caseId)}`}>{title}</Link> : title}
      </Typography.Title>
      <Space size={[4, 4]} wrap style={{ margin: '6px 0' }}>
        <span>
          <UnitName id={entry.orgUnit} />
        </span>
        <GradeTag grade={entry.level ? { level: entry.level, exceptional: entry.exceptional } : null} />
        <Chip tone="blue">{entry.category}</Chip>
        {entry.tags.map((tag) => (
          <Chip key={tag}>{tag}</Chip>
        ))}
        <span>结案于 {beijing(entry.closedAt, 'YYYY-MM-DD')}</span>
      </Space>
      {entry.snippet && (
        <p data-testid="snippet" style={{ margin: 0 }}>
          <Highlighted snippet={entry.snippet} />
        </p>
      )}
    </Card>
  );
}

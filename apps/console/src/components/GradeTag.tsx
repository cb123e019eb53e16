import type { Grade } from '../api/types';
import { Chip, type Tone } from './Chip';
import { gradeLabel } from './terms';

const TONE: Record<string, Tone> = { 'level-1': 'red', 'level-2': 'orange', 'level-3': 'blue' };

export function GradeTag({
  grade,
  proposed = false,
}: {
  grade: Grade | null | undefined;
  proposed?: boolean;
}) {
  if (!grade) return <span>—</span>;
  return (
    <Chip tone={TONE[grade.level] ?? 'grey'} dashed={proposed}>
      {proposed ? `拟${gradeLabel(grade)}` : gradeLabel(grade)}
    </Chip>
  );
}

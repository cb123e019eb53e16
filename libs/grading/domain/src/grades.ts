import { GRADE_LEVELS, gradeSeverity, type Grade, type GradeLevel } from '@yuqing/contracts';

/** A plain grade of a level (never 特别重大). */
export const gradeOf = (level: GradeLevel): Grade => ({ level, exceptional: false });

/** 一级 with the 特别重大 flag (第十二条). */
export const EXCEPTIONAL: Grade = { level: 'level-1', exceptional: true };

export function sameGrade(a: Grade | undefined, b: Grade | undefined): boolean {
  if (!a || !b) return a === b;
  return a.level === b.level && a.exceptional === b.exceptional;
}

/** True when `a` is more severe than `b` (特别重大 > 一级 > 二级 > 三级); anything is more severe than no grade. */
export function moreSevere(a: Grade, b: Grade | undefined): boolean {
  return b === undefined || gradeSeverity(a) < gradeSeverity(b);
}

/** `一级 (重大)`, `一级 (重大, 特别重大)`: how the console and the rationale name a grade. */
export function gradeName(grade: Grade): string {
  const zh = GRADE_LEVELS[grade.level].zh;
  return grade.exceptional ? `${zh.replace(')', '')}, 特别重大)` : zh;
}

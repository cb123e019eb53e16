/** Stands for a grading-context library in the boundary fixture. */
export const gradingLevels = ['一级', '二级', '三级'] as const;

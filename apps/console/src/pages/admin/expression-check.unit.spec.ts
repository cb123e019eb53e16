import { describe, expect, it } from '@jest/globals';
import { checkExpression } from './expression-check';

describe('the keyword expression as one types', () => {
  it('accepts a well-formed expression', () => {
    expect(checkExpression('西山区 AND (污染 OR 欠薪)')).toBeUndefined();
  });

  it('points at an unclosed bracket', () => {
    expect(checkExpression('西山区 AND (污染 OR 欠薪')).toEqual({ position: 8, message: '括号未闭合' });
  });

  it('points at a closing bracket without its opening one', () => {
    expect(checkExpression('污染)')).toEqual({ position: 2, message: '多余的右括号' });
  });

  it('points at an operator with nothing after it', () => {
    expect(checkExpression('污染 AND')?.position).toBe(3);
  });
});

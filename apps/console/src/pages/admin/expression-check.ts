/**
 * A first check of a keyword expression as one types (brackets and dangling operators), so the obvious slip shows
 * at once. The service's parser decides on save (PUT answers 400 with the position and token at fault): there is
 * no validation-only endpoint, and saving on each keystroke would make a rule version per keystroke.
 */
export interface ExpressionProblem {
  position: number;
  message: string;
}

const OPERATOR = /^(AND|OR|NOT)$/;

export function checkExpression(expression: string): ExpressionProblem | undefined {
  const open: number[] = [];
  for (let i = 0; i < expression.length; i += 1) {
    const c = expression[i];
    if (c === '(') open.push(i);
    if (c === ')') {
      if (open.length === 0) return { position: i, message: '多余的右括号' };
      open.pop();
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return { position: unclosed, message: '括号未闭合' };
  const tokens = [...expression.matchAll(/\S+/g)];
  const last = tokens[tokens.length - 1];
  if (last && OPERATOR.test(last[0]))
    return { position: last.index ?? 0, message: `运算符 ${last[0]} 后缺少关键词` };
  const first = tokens[0];
  if (first && /^(AND|OR)$/.test(first[0]))
    return { position: 0, message: `运算符 ${first[0]} 前缺少关键词` };
  return undefined;
}

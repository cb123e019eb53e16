import { Alert, message } from 'antd';
import { ApiError } from '../api/client';

/** The title and detail of an API problem (or any error), in words a person can act on. */
const STATUS_TITLES: Record<number, string> = {
  400: '请求有误',
  401: '会话已过期，请重新登录',
  403: '无权访问',
  404: '未找到',
  409: '数据已变更，请刷新后重试',
  422: '不符合规则',
  423: '账户已锁定',
  429: '请求过于频繁',
};

/** The title and detail of an API problem (or any error): the status in Chinese, then what the service said. */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (error instanceof ApiError) {
    const { problem, status } = error;
    const title = STATUS_TITLES[status] ?? (status >= 500 ? '服务暂时不可用' : `请求失败（${status}）`);
    const fieldErrors = problem.errors?.map((e) => `${e.path}：${e.message}`).join('；');
    const detail = [
      problem.title,
      problem.detail,
      fieldErrors,
      problem.rule ? `规则 ${problem.rule}` : undefined,
    ]
      .filter(Boolean)
      .join('；');
    return detail ? { title, detail } : { title };
  }
  if (error instanceof Error) return { title: '请求失败', detail: error.message };
  return { title: '请求失败' };
}

export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail } = describeError(error);
  return <Alert type="error" showIcon message={title} description={detail} role="alert" />;
}

/** A toast for an action that failed. */
export function showProblem(error: unknown): void {
  const { title, detail } = describeError(error);
  void message.error(detail ? `${title}：${detail}` : title, 6);
}

import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

export function Forbidden() {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您的角色无权查看此页面。"
      extra={
        <Link to="/">
          <Button type="primary">返回值班台</Button>
        </Link>
      }
    />
  );
}

export function NotFound({ what = '页面' }: { what?: string }) {
  return (
    <Result
      status="404"
      title={`未找到${what}`}
      subTitle="它不存在，或不在您的管辖范围内。"
      extra={
        <Link to="/">
          <Button type="primary">返回值班台</Button>
        </Link>
      }
    />
  );
}

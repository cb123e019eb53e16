import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { useSession } from '../../app/session';

interface Credentials {
  username: string;
  password: string;
}

/** Why a sign-in failed, as the person should read it (the gateway's 401 / 423 / 429). */
function signInError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '用户名或密码错误';
    if (error.status === 423) return '账户已锁定，请联系管理员';
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait ? `尝试过于频繁，请 ${Math.ceil(wait)} 秒后再试` : '尝试过于频繁，请稍后再试';
    }
    return error.problem.detail ?? error.problem.title ?? `登录失败（${error.status}）`;
  }
  return '无法连接服务，请稍后重试';
}

export function SignInPage() {
  const { signIn, notice } = useSession();
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username, password);
    } catch (caught) {
      setError(signInError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: '#f0f2f5',
        padding: 16,
      }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center' }}>
          舆情处置平台
        </Typography.Title>
        <Typography.Title level={2} style={{ fontSize: 18, textAlign: 'center', marginTop: 0 }}>
          登录
        </Typography.Title>
        {notice && !error && (
          <Alert type="warning" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}

import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button } from 'antd';

interface State {
  error: Error | undefined;
}

/** Never a blank screen: a page that throws while rendering shows what went wrong and a way out. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('console page failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        message="页面出错"
        description={
          <>
            <p>{this.state.error.message}</p>
            <Button onClick={() => this.setState({ error: undefined })}>重试</Button>
          </>
        }
      />
    );
  }
}

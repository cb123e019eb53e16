import { useState, type HTMLAttributes } from 'react';
import { Button, Form, Input, Modal, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, seg } from '../../api/client';
import type { FollowUpTask } from '../../api/types';
import { useApi } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { Countdown } from '../../components/Countdown';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing, nowIso } from '../../components/time';
import { useLiveEvents } from '../../app/live-events';
import { useSession } from '../../app/session';
import { reloadSettled } from '../../components/useInterval';
import { UnitName } from '../../app/org-units';
import { EmptyText } from '../../components/EmptyText';
import { useSubmit } from '../../components/useSubmit';

interface Completion {
  result: string;
  evidence: string;
}

/** 督办任务: the tasks leaders' instructions opened; the assignee completes each with its result and evidence. */
export function FollowUpTasksTab() {
  const { can } = useSession();
  const list = useApi<{ tasks: FollowUpTask[] }>('/api/reporting/follow-up-tasks?limit=100');
  // Where the person tracks follow-ups (督办室), the ledger says how each stands.
  const ledger = useApi<{ tasks: FollowUpTask[] }>(
    can('reporting.track-follow-ups') ? '/api/reporting/supervision/tasks?limit=200' : null,
  );
  const [completing, setCompleting] = useState<FollowUpTask | undefined>(undefined);
  const [done, setDone] = useState(new Set<string>());
  const [busy, submit] = useSubmit();
  const [form] = Form.useForm<Completion>();
  useLiveEvents(['reporting.FollowUpTask', 'reporting.BulletinSignedOff'], () => {
    list.reload();
    ledger.reload();
  });

  const status = new Map((ledger.data?.tasks ?? []).map((task) => [task.taskId, task.status]));
  const completed = (task: FollowUpTask) => done.has(task.taskId) || status.get(task.taskId) === 'completed';

  const complete = async (values: Completion) => {
    if (!completing) return;
    await submit(async () => {
      await api.post(`/api/reporting/follow-up-tasks/${seg(completing.taskId)}/completions`, {
        result: values.result,
        evidence: [{ description: values.evidence }],
        completedAt: nowIso(),
      });
      setDone((current) => new Set(current).add(completing.taskId));
      setCompleting(undefined);
      reloadSettled(() => {
        list.reload();
        ledger.reload();
      });
    });
  };

  const columns: ColumnsType<FollowUpTask> = [
    { title: '督办事项', dataIndex: 'description' },
    {
      title: '事件',
      dataIndex: 'incidentId',
      render: (id: string) => <Link to={`/incidents/${encodeURIComponent(id)}`}>查看事件</Link>,
    },
    {
      title: '承办单位',
      dataIndex: 'assigneeOrgUnitId',
      render: (id: string | null) => <UnitName id={id} />,
    },
    { title: '交办时间', dataIndex: 'openedAt', render: (value: string) => beijing(value, 'MM-DD HH:mm') },
    {
      title: '期限',
      dataIndex: 'dueAt',
      render: (value: string | null, row) =>
        value ? <Countdown dueAt={value} done={completed(row)} /> : '—',
    },
    {
      title: '状态',
      key: 'status',
      render: (_: unknown, row) =>
        completed(row) ? <Chip tone="green">已办结</Chip> : <Chip tone="gold">办理中</Chip>,
    },
    ...(can('reporting.send-report')
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, row: FollowUpTask) =>
              completed(row) ? null : (
                <Button size="small" onClick={() => setCompleting(row)}>
                  办结
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<FollowUpTask>
        rowKey="taskId"
        size="small"
        columns={columns}
        dataSource={list.data?.tasks ?? []}
        loading={list.loading && !list.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        locale={{ emptyText: <EmptyText>暂无督办任务</EmptyText> }}
        onRow={() => ({ 'data-testid': 'follow-up-task' }) as HTMLAttributes<HTMLElement>}
      />
      <Modal
        title="办结督办任务"
        open={completing !== undefined}
        okText="确认办结"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setCompleting(undefined)}
        destroyOnHidden
      >
        <Form<Completion> form={form} layout="vertical" onFinish={(values) => void complete(values)}>
          <Form.Item label="办理结果" name="result" rules={[{ required: true, message: '请填写办理结果' }]}>
            <Input.TextArea rows={3} maxLength={8000} />
          </Form.Item>
          <Form.Item label="佐证材料" name="evidence" rules={[{ required: true, message: '请说明佐证材料' }]}>
            <Input maxLength={500} placeholder="如：整改通知书、回复截图" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

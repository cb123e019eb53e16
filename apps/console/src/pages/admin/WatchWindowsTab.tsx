import { Button, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import type { ColumnsType } from 'antd/es/table';
import { api, seg } from '../../api/client';
import { useApi } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { ProblemAlert, showProblem } from '../../components/ProblemAlert';
import { beijing, fromBeijingInput } from '../../components/time';
import { UnitName, useOrgUnits } from '../../app/org-units';
import { useSubmit } from '../../components/useSubmit';

interface WatchWindow {
  windowId: string;
  orgUnit: string;
  name: string;
  startsAt: string;
  endsAt: string;
  pollIntervalFactor: number;
  cancelledAt: string | null;
  cancelReason: string | null;
}

interface WindowForm {
  orgUnit: string;
  name: string;
  startsAt: string;
  endsAt: string;
  pollIntervalFactor: number;
}

/** 重点时段: heightened-watch windows (holidays, sensitive dates) when feeds are polled more often. */
export function WatchWindowsTab({ canManage }: { canManage: boolean }) {
  const units = useOrgUnits();
  const list = useApi<{ watchWindows: WatchWindow[] }>('/api/ingestion/watch-windows');
  const [form] = Form.useForm<WindowForm>();
  const [busy, submit] = useSubmit();

  const schedule = async (values: WindowForm) => {
    await submit(async () => {
      await api.post('/api/ingestion/watch-windows', {
        orgUnit: values.orgUnit,
        name: values.name,
        startsAt: fromBeijingInput(values.startsAt),
        endsAt: fromBeijingInput(values.endsAt),
        pollIntervalFactor: values.pollIntervalFactor,
      });
      form.resetFields();
      list.reload();
    });
  };

  const cancel = (window: WatchWindow) => {
    let reason = '';
    Modal.confirm({
      title: `取消重点时段「${window.name}」`,
      content: (
        <Input
          aria-label="取消理由"
          placeholder="理由，如：活动取消"
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      okText: '取消时段',
      cancelText: '返回',
      onOk: async () => {
        try {
          await api.post(`/api/ingestion/watch-windows/${seg(window.windowId)}/cancellations`, {
            reason: reason || '取消',
          });
          list.reload();
        } catch (error) {
          showProblem(error);
        }
      },
    });
  };

  const columns: ColumnsType<WatchWindow> = [
    { title: '名称', dataIndex: 'name' },
    { title: '单位', dataIndex: 'orgUnit', render: (id: string) => <UnitName id={id} /> },
    { title: '开始', dataIndex: 'startsAt', render: (v: string) => beijing(v, 'YYYY-MM-DD HH:mm') },
    { title: '结束', dataIndex: 'endsAt', render: (v: string) => beijing(v, 'YYYY-MM-DD HH:mm') },
    { title: '抓取间隔系数', dataIndex: 'pollIntervalFactor', align: 'right' },
    {
      title: '状态',
      key: 'status',
      render: (_: unknown, row) => (row.cancelledAt ? <Chip>已取消</Chip> : <Chip tone="green">有效</Chip>),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'cancel',
            render: (_: unknown, row: WatchWindow) =>
              row.cancelledAt ? null : (
                <Button size="small" danger onClick={() => cancel(row)}>
                  取消
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ProblemAlert error={list.error} />
      <Table<WatchWindow>
        rowKey="windowId"
        size="small"
        columns={columns}
        dataSource={list.data?.watchWindows ?? []}
        scroll={{ x: 800 }}
      />
      {canManage && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            安排重点时段
          </Typography.Title>
          <Form<WindowForm>
            form={form}
            layout="vertical"
            style={{ maxWidth: 640 }}
            initialValues={{ pollIntervalFactor: 0.25 }}
            onFinish={(values) => void schedule(values)}
          >
            <Form.Item label="单位" name="orgUnit" rules={[{ required: true, message: '请选择单位' }]}>
              <ChoiceSelect
                options={[...units.values()].map((unit) => ({ value: unit.orgUnit, label: unit.name }))}
              />
            </Form.Item>
            <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
              <Input maxLength={200} placeholder="如：国庆假期" />
            </Form.Item>
            <Form.Item
              label="开始（北京时间）"
              name="startsAt"
              rules={[{ required: true, message: '请填写开始时间' }]}
            >
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item
              label="结束（北京时间）"
              name="endsAt"
              rules={[{ required: true, message: '请填写结束时间' }]}
            >
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item label="抓取间隔系数" name="pollIntervalFactor">
              <InputNumber min={0.05} max={0.9} step={0.05} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              安排
            </Button>
          </Form>
        </>
      )}
    </Space>
  );
}

import { useState } from 'react';
import { Button, Form, Input, Modal, Table } from 'antd';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import type { ColumnsType } from 'antd/es/table';
import { api, seg } from '../../api/client';
import type { Transfer } from '../../api/types';
import { useApi } from '../../components/useApi';
import { Countdown } from '../../components/Countdown';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing, nowIso } from '../../components/time';
import { useSession } from '../../app/session';
import { UnitName } from '../../app/org-units';
import { EmptyText } from '../../components/EmptyText';
import { useSubmit } from '../../components/useSubmit';

interface Answer {
  answer: string;
  resolution: 'resolved' | 'explained';
  publicReplyUrl?: string;
}

/** 转办: items transferred down to the unit, each owed an answer (回告) by its due time. */
export function TransfersTab() {
  const { can } = useSession();
  const list = useApi<{ transfers: Transfer[] }>('/api/reporting/transfers?direction=received&limit=100');
  const [answering, setAnswering] = useState<Transfer | undefined>(undefined);
  const [busy, submit] = useSubmit();
  const [form] = Form.useForm<Answer>();

  const answer = async (values: Answer) => {
    if (!answering) return;
    await submit(async () => {
      await api.post(`/api/reporting/transfers/${seg(answering.transferId)}/answers`, {
        answer: values.answer,
        resolution: values.resolution,
        ...(values.publicReplyUrl ? { publicReplyUrl: values.publicReplyUrl } : {}),
        answeredAt: nowIso(),
      });
      setAnswering(undefined);
      list.reload();
    });
  };

  const columns: ColumnsType<Transfer> = [
    {
      title: '转办编号',
      dataIndex: 'transferReference',
      render: (v: string | null, row) => v ?? row.transferId,
    },
    { title: '转办单位', dataIndex: 'fromOrgUnitId', render: (id: string | null) => <UnitName id={id} /> },
    {
      title: '转办时间',
      dataIndex: 'transferredAt',
      render: (v: string | null) => beijing(v, 'MM-DD HH:mm'),
    },
    {
      title: '回告期限',
      dataIndex: 'dueAt',
      render: (v: string | null, row) => <Countdown dueAt={v} done={row.answeredAt !== null} />,
    },
    { title: '回告时间', dataIndex: 'answeredAt', render: (v: string | null) => beijing(v, 'MM-DD HH:mm') },
    ...(can('reporting.send-report')
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, row: Transfer) =>
              row.answeredAt ? null : (
                <Button size="small" onClick={() => setAnswering(row)}>
                  回告
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<Transfer>
        rowKey="transferId"
        size="small"
        columns={columns}
        dataSource={list.data?.transfers ?? []}
        loading={list.loading && !list.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText>暂无转办件</EmptyText> }}
      />
      <Modal
        title="转办回告"
        open={answering !== undefined}
        okText="提交回告"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setAnswering(undefined)}
        destroyOnHidden
      >
        <Form<Answer>
          form={form}
          layout="vertical"
          initialValues={{ resolution: 'resolved' }}
          onFinish={(values) => void answer(values)}
        >
          <Form.Item label="办理结果" name="answer" rules={[{ required: true, message: '请填写办理结果' }]}>
            <Input.TextArea rows={3} maxLength={8000} />
          </Form.Item>
          <Form.Item label="办理情况" name="resolution">
            <ChoiceSelect
              options={[
                { value: 'resolved', label: '已解决' },
                { value: 'explained', label: '暂未解决，已向公众说明' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="网上回复地址"
            name="publicReplyUrl"
            rules={[{ type: 'url', message: '请输入 http(s) 网址' }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

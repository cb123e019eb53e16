import { useState } from 'react';
import { Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, ApiError, seg } from '../../api/client';
import type { Bulletin } from '../../api/types';
import { useApi } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useDocument } from './useDocument';
import { beijing, nowIso } from '../../components/time';
import { useLiveEvents } from '../../app/live-events';
import { useSession } from '../../app/session';
import { reloadSettled } from '../../components/useInterval';
import { EmptyText } from '../../components/EmptyText';
import { useSubmit } from '../../components/useSubmit';

const STATUS: Record<string, { label: string; tone: 'gold' | 'green' | 'red' }> = {
  'awaiting-sign-off': { label: '待签批', tone: 'gold' },
  'signed-off': { label: '已签批', tone: 'green' },
  'left-unsigned': { label: '未签批', tone: 'red' },
};

const documentUrl = (bulletin: Bulletin) =>
  `/api/reporting/bulletins/${seg(bulletin.bulletinId)}/document.pdf`;

/** 《网上舆情》 PDF preview: the service renders it; the browser's own viewer shows it. */
function Preview({ bulletin, onClose }: { bulletin: Bulletin | undefined; onClose: () => void }) {
  return (
    <Modal
      title={bulletin ? `《网上舆情》${bulletin.issueNumber ?? ''} ${bulletin.title}` : ''}
      open={bulletin !== undefined}
      onCancel={onClose}
      footer={
        bulletin ? (
          <a href={documentUrl(bulletin)} target="_blank" rel="noopener noreferrer">
            在新窗口打开 PDF
          </a>
        ) : null
      }
      width={900}
      destroyOnHidden
    >
      {bulletin && (
        <iframe
          title={`《网上舆情》${bulletin.issueNumber ?? ''} 预览`}
          src={documentUrl(bulletin)}
          style={{ width: '100%', height: '70vh', border: 0 }}
        />
      )}
    </Modal>
  );
}

/**
 * 签批: the leader reads the bulletin here and signs that very version with instructions (批示); the platform opens
 * the follow-up task it asks for. If the bulletin changes meanwhile, the service refuses (409) and the leader reads
 * the new version.
 */
function SignOff({
  bulletin,
  onClose,
  onDone,
}: {
  bulletin: Bulletin | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ instructions: string }>();
  const [busy, run] = useSubmit();
  const document = useDocument(bulletin ? documentUrl(bulletin) : undefined);
  const submit = async ({ instructions }: { instructions: string }) => {
    if (!bulletin || !document.version) return;
    await run(async () => {
      try {
        await api.post(`/api/reporting/bulletins/${seg(bulletin.bulletinId)}/sign-offs`, {
          instructions,
          signedOffAt: nowIso(),
          documentVersionId: document.version,
        });
      } catch (error) {
        // Changed while it was read: show the new version (the 批示 typed stays) and say why.
        if (error instanceof ApiError && error.problem.rule === 'reporting.document-changed')
          document.reload();
        throw error;
      }
      onDone();
      onClose();
    });
  };
  return (
    <Modal
      title={bulletin ? `签批：${bulletin.title}` : ''}
      open={bulletin !== undefined}
      okText="提交批示"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !document.version }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={900}
      destroyOnHidden
    >
      <ProblemAlert error={document.error} />
      {document.url && bulletin && (
        <iframe
          title={`签批的《网上舆情》${bulletin.issueNumber ?? ''}`}
          src={document.url}
          style={{ width: '100%', height: '50vh', border: 0 }}
        />
      )}
      {document.version && (
        <Typography.Paragraph type="secondary" data-testid="signing-version">
          所签公文版本：<Typography.Text code>{document.version}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          label="批示内容"
          name="instructions"
          rules={[{ required: true, message: '请填写批示内容' }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function BulletinsTab() {
  const { can } = useSession();
  const list = useApi<{ bulletins: Bulletin[] }>('/api/reporting/bulletins?limit=100');
  const [preview, setPreview] = useState<Bulletin | undefined>(undefined);
  const [signing, setSigning] = useState<Bulletin | undefined>(undefined);
  useLiveEvents(['reporting.Bulletin'], () => list.reload());

  const columns: ColumnsType<Bulletin> = [
    { title: '期号', dataIndex: 'issueNumber', render: (value: string | null) => value ?? '—' },
    { title: '标题', dataIndex: 'title' },
    {
      title: '事件',
      dataIndex: 'incidentId',
      render: (id: string) => <Link to={`/incidents/${encodeURIComponent(id)}`}>查看事件</Link>,
    },
    { title: '报送时间', dataIndex: 'submittedAt', render: (value: string) => beijing(value, 'MM-DD HH:mm') },
    {
      title: '状态',
      dataIndex: 'status',
      render: (status: string) => (
        <Chip tone={STATUS[status]?.tone ?? 'gold'}>{STATUS[status]?.label ?? status}</Chip>
      ),
    },
    { title: '批示', dataIndex: 'instructions', render: (value: string | null) => value ?? '—' },
    {
      title: '签批版本',
      dataIndex: 'signedVersionId',
      render: (value: string | null) =>
        value ? (
          <Typography.Text code title={value} data-testid="signed-version">
            {value.slice(-12)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, row) => (
        <Space>
          <Button
            size="small"
            onClick={() => setPreview(row)}
            aria-label={`预览《网上舆情》${row.issueNumber ?? row.title}`}
          >
            预览
          </Button>
          {can('reporting.sign-off-bulletin') && row.status === 'awaiting-sign-off' && (
            <Button size="small" type="primary" onClick={() => setSigning(row)}>
              签批
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<Bulletin>
        rowKey="bulletinId"
        size="small"
        columns={columns}
        dataSource={list.data?.bulletins ?? []}
        loading={list.loading && !list.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        locale={{ emptyText: <EmptyText>暂无《网上舆情》</EmptyText> }}
      />
      <Preview bulletin={preview} onClose={() => setPreview(undefined)} />
      <SignOff
        bulletin={signing}
        onClose={() => setSigning(undefined)}
        onDone={() => reloadSettled(list.reload)}
      />
    </>
  );
}

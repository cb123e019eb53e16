import { useMemo, useState } from 'react';
import { Form, Input, Modal, Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, seg } from '../../api/client';
import type { ReviewNotice } from '../../api/types';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { EmptyText } from '../../components/EmptyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing } from '../../components/time';
import { useApi } from '../../components/useApi';
import { useLiveEvents } from '../../app/live-events';
import { UnitName } from '../../app/org-units';
import { useSession } from '../../app/session';
import { outermostUnits } from './authority';
import { periodLabel, periodOptions, quarterOf } from './period';

const documentUrl = (notice: ReviewNotice, format: 'pdf' | 'docx') =>
  `/api/review/notices/${seg(notice.noticeId)}/document.${format}`;

const COLUMNS: ColumnsType<ReviewNotice> = [
  { title: '文号', key: 'documentNumber', render: (_, row) => row.documentNumber },
  {
    title: '标题',
    key: 'title',
    render: (_, row) => <span style={{ wordBreak: 'break-word' }}>{row.title}</span>,
  },
  { title: '发布单位', key: 'orgUnit', render: (_, row) => <UnitName id={row.orgUnit} /> },
  { title: '考评周期', key: 'period', render: (_, row) => periodLabel(row.period) },
  { title: '通报事项', key: 'findings', render: (_, row) => `${row.findingIds.length} 项` },
  { title: '发布时间', key: 'issuedAt', render: (_, row) => beijing(row.issuedAt, 'YYYY-MM-DD HH:mm') },
  {
    title: '文件',
    key: 'documents',
    render: (_, row) => (
      <Space>
        <a href={documentUrl(row, 'pdf')} target="_blank" rel="noopener noreferrer">
          PDF<span className="sr-only">：{row.documentNumber}</span>
        </a>
        <a href={documentUrl(row, 'docx')} download>
          DOCX<span className="sr-only">：{row.documentNumber}</span>
        </a>
      </Space>
    ),
  },
];

interface Issue {
  period: string;
  documentNumber: string;
  orgUnit: string;
}

/** 发布通报: the period's findings confirmed now are announced; a period with none is refused (422, shown here). */
function IssueNotice({ onIssued }: { onIssued: () => void }) {
  const { session } = useSession();
  const units = useMemo(() => outermostUnits(session?.grants ?? []), [session]);
  const periods = useMemo(() => periodOptions(new Date()), []);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [form] = Form.useForm<Issue>();

  const submit = async (values: Issue) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/review/notices', { ...values, documentNumber: values.documentNumber.trim() });
      setOpen(false);
      onIssued();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        type="primary"
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
      >
        发布通报
      </Button>
      <Modal
        title="发布通报"
        open={open}
        okText="确认发布"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<Issue>
          form={form}
          layout="vertical"
          initialValues={{ period: quarterOf(new Date()), orgUnit: units[0] ?? '' }}
          onFinish={(values) => void submit(values)}
        >
          <p>
            通报该周期内此刻已认定的考评发现，写明单位、问题和第二十八条；被通报的单位和当事人不得评为优秀。
          </p>
          <Form.Item label="考评周期" name="period" rules={[{ required: true, message: '请选择考评周期' }]}>
            <ChoiceSelect options={periods} />
          </Form.Item>
          {units.length > 1 && (
            <Form.Item
              label="发布单位"
              name="orgUnit"
              rules={[{ required: true, message: '请选择发布单位' }]}
            >
              <ChoiceSelect options={units.map((id) => ({ value: id, label: <UnitName id={id} /> }))} />
            </Form.Item>
          )}
          {units.length <= 1 && (
            <Form.Item name="orgUnit" hidden>
              <Input />
            </Form.Item>
          )}
          <Form.Item
            label="文号"
            name="documentNumber"
            rules={[{ required: true, whitespace: true, message: '请填写文号，如：昆网管通〔2026〕4号' }]}
          >
            <Input maxLength={100} placeholder="如：昆网管通〔2026〕4号" />
          </Form.Item>
          <ProblemAlert error={error} />
        </Form>
      </Modal>
    </>
  );
}

/** 通报: the notices circulated to the person's units, each as PDF and DOCX; 发布通报 for those who issue them. */
export function NoticesTab() {
  const { can } = useSession();
  const notices = useApi<{ notices: ReviewNotice[] }>('/api/review/notices');
  useLiveEvents(['review.NoticeIssued'], () => notices.reload());
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {can('review.issue-notices') && <IssueNotice onIssued={notices.reload} />}
      <ProblemAlert error={notices.error} />
      <Table<ReviewNotice>
        rowKey="noticeId"
        size="small"
        columns={COLUMNS}
        dataSource={notices.data?.notices ?? []}
        loading={notices.loading && !notices.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyText>暂无通报</EmptyText> }}
      />
    </Space>
  );
}

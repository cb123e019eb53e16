import { useState } from 'react';
import { Button, Form, Input, Modal } from 'antd';
import { ChoiceSelect } from './ChoiceSelect';
import { api } from '../api/client';
import type { Obligation } from '../api/types';
import { nowIso } from './time';
import { REPORT_KINDS } from './terms';
import { useSubmit } from './useSubmit';

interface FlashReport {
  method: 'phone' | 'sms' | 'paper';
  recipientOrgUnitId: string;
  summary: string;
}

export const FLASH_KINDS = new Set(['phone-flash', 'paper-flash', 'top-level-report', 'provincial-report']);

/** 发送速报: records a flash report (phone, SMS or paper) that fulfils the obligation (POST /api/reporting/flash-reports). */
export function FlashReportButton({ obligation, onSent }: { obligation: Obligation; onSent: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, submit] = useSubmit();
  const [form] = Form.useForm<FlashReport>();

  const send = async (values: FlashReport) => {
    await submit(async () => {
      await api.post('/api/reporting/flash-reports', {
        obligationId: obligation.obligationId,
        method: values.method,
        recipientOrgUnitId: values.recipientOrgUnitId,
        sentAt: nowIso(),
        summary: values.summary,
      });
      setOpen(false);
      onSent();
    });
  };

  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)}>
        发送速报
      </Button>
      <Modal
        title={`发送速报：${REPORT_KINDS[obligation.kind] ?? obligation.kind}`}
        open={open}
        okText="确认已报送"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<FlashReport>
          form={form}
          layout="vertical"
          initialValues={{
            method: obligation.kind === 'paper-flash' ? 'paper' : 'phone',
            recipientOrgUnitId: obligation.recipientOrgUnitId ?? '',
            summary: '',
          }}
          onFinish={(values) => void send(values)}
        >
          <Form.Item label="报送方式" name="method" rules={[{ required: true }]}>
            <ChoiceSelect
              options={[
                { value: 'phone', label: '电话' },
                { value: 'sms', label: '短信' },
                { value: 'paper', label: '书面' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="报送单位"
            name="recipientOrgUnitId"
            rules={[{ required: true, message: '请填写报送单位' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label="速报内容" name="summary" rules={[{ required: true, message: '请填写速报内容' }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

import { useState } from 'react';
import { Button, Form, Input, Modal, Space } from 'antd';
import { api, seg } from '../../api/client';
import type { ArchiveCase, CaseSummary } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SUMMARY_PARTS } from './terms';

interface Closure {
  category: string;
  tags?: string;
  whatHappened?: string;
  handling?: string;
  lessons?: string;
  outlook?: string;
}

/** Tags typed as one line: split on commas (either width), 、 and spaces. */
const tagsOf = (line: string | undefined): string[] =>
  [...new Set((line ?? '').split(/[,，、\s]+/u).map((tag) => tag.trim()))].filter(Boolean);

/** A summary only when something was written: left empty, the service uses the handling summary reported. */
function summaryOf(values: Closure): CaseSummary | undefined {
  const parts = SUMMARY_PARTS.map(([key]) => (values[key] ?? '').trim());
  if (parts.every((part) => part === '')) return undefined;
  const [whatHappened = '', handling = '', lessons = '', outlook = ''] = parts;
  return { whatHappened, handling, lessons, outlook };
}

/**
 * 结案 and 重新启用 for those who may close cases. A refusal (422: the summary parts missing, the obligations still
 * open) stays in the dialog with the service's words, and the form keeps what was typed.
 */
export function CaseActions({ file, onChanged }: { file: ArchiveCase; onChanged: () => void }) {
  const [open, setOpen] = useState<'close' | 'reopen' | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [closeForm] = Form.useForm<Closure>();
  const [reopenForm] = Form.useForm<{ reason: string }>();
  const needsSummary = file.level === 'level-1' || file.level === 'level-2';
  const path = `/api/archive/cases/${seg(file.caseId)}`;

  const submit = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setOpen(undefined);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const show = (which: 'close' | 'reopen') => {
    setError(undefined);
    setOpen(which);
  };

  return (
    <>
      <Space>
        {file.status === 'open' ? (
          <Button type="primary" onClick={() => show('close')}>
            结案
          </Button>
        ) : (
          <Button onClick={() => show('reopen')}>重新启用</Button>
        )}
      </Space>
      <Modal
        title="结案"
        open={open === 'close'}
        okText="确认结案"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => closeForm.submit()}
        onCancel={() => setOpen(undefined)}
        width={640}
        destroyOnHidden
      >
        <Form<Closure>
          form={closeForm}
          layout="vertical"
          initialValues={{ category: file.category ?? '', tags: file.tags.join('，') }}
          onFinish={(values) => {
            const summary = summaryOf(values);
            void submit(() =>
              api.post(`${path}/closures`, {
                category: values.category.trim(),
                tags: tagsOf(values.tags),
                ...(summary ? { summary } : {}),
              }),
            );
          }}
        >
          <Form.Item
            label="类别"
            name="category"
            rules={[{ required: true, whitespace: true, message: '请填写案例类别，如：食品安全' }]}
          >
            <Input maxLength={50} placeholder="如：食品安全、安全事故、民生诉求" />
          </Form.Item>
          <Form.Item label="标签" name="tags" extra="多个标签以逗号或顿号分隔">
            <Input maxLength={400} />
          </Form.Item>
          {needsSummary && (
            <>
              <p>
                一级、二级舆情结案须有总结与反思（第二十六条）：事件经过、处置情况、经验教训、研判展望。
                不填写时，使用已上报的处置情况总结。
              </p>
              {SUMMARY_PARTS.map(([key, label]) => (
                <Form.Item key={key} label={label} name={key}>
                  <Input.TextArea rows={3} maxLength={5000} />
                </Form.Item>
              ))}
            </>
          )}
          <ProblemAlert error={error} />
        </Form>
      </Modal>
      <Modal
        title="重新启用案卷"
        open={open === 'reopen'}
        okText="确认重新启用"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => reopenForm.submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        <Form<{ reason: string }>
          form={reopenForm}
          layout="vertical"
          onFinish={(values) => void submit(() => api.post(`${path}/reopenings`, { reason: values.reason }))}
        >
          <Form.Item
            label="重新启用理由"
            name="reason"
            rules={[{ required: true, whitespace: true, message: '请填写重新启用的理由' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <ProblemAlert error={error} />
        </Form>
      </Modal>
    </>
  );
}

import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Space } from 'antd';
import { api, seg } from '../../api/client';
import type { Finding } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijing } from '../../components/time';
import { useSession } from '../../app/session';
import { answersFor, mayRuleOn } from './authority';

type Action = 'confirm' | 'dismiss' | 'explain' | 'appeal' | 'decide-appeal';

interface ActionForm {
  /** The route under /api/review/findings/{id}/ and the body's text field. */
  route: string;
  field: 'reason' | 'explanation' | 'grounds';
  title: string;
  label: string;
  ok: string;
  hint?: string;
}

const FORMS: Record<Action, ActionForm> = {
  confirm: { route: 'confirmation', field: 'reason', title: '认定', label: '认定理由', ok: '确认认定' },
  dismiss: {
    route: 'dismissal',
    field: 'reason',
    title: '不予认定',
    label: '不予认定理由',
    ok: '确认不予认定',
  },
  explain: {
    route: 'explanations',
    field: 'explanation',
    title: '情况说明',
    label: '情况说明',
    ok: '提交情况说明',
  },
  appeal: {
    route: 'appeal',
    field: 'grounds',
    title: '申诉',
    label: '申诉理由',
    ok: '提交申诉',
    hint: '每项考评发现只能申诉一次，由上级复核。',
  },
  'decide-appeal': {
    route: 'appeal-decision',
    field: 'reason',
    title: '申诉复核',
    label: '复核理由',
    ok: '提交复核',
  },
};

interface Values {
  text: string;
  outcome?: 'upheld' | 'overturned';
}

/**
 * 认定 / 不予认定 and 申诉复核 for the reviewers above the department; 情况说明 and 申诉 for the department itself. Every
 * step needs its reason. A refusal (403: a unit ruling on itself; 422: ruled already, appealed late) stays in the
 * dialog in the service's words, and what was typed stays too.
 */
export function FindingActions({ finding, onChanged }: { finding: Finding; onChanged: () => void }) {
  const { can, session } = useSession();
  const grants = session?.grants ?? [];
  const [open, setOpen] = useState<Action | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [form] = Form.useForm<Values>();

  const rules = can('review.rule-findings');
  const fromAbove = rules && mayRuleOn(grants, finding.orgUnit);
  const department = can('review.answer-findings') && answersFor(grants, finding.orgUnit);
  const appealOpen =
    finding.status === 'confirmed' && finding.appealBy !== null && Date.parse(finding.appealBy) > Date.now();

  const offered: Action[] = [
    ...(fromAbove && finding.status === 'pending' ? (['confirm', 'dismiss'] as const) : []),
    ...(fromAbove && finding.status === 'appealed' ? (['decide-appeal'] as const) : []),
    ...(department && finding.status !== 'appealed' ? (['explain'] as const) : []),
    ...(department && appealOpen ? (['appeal'] as const) : []),
  ];

  const show = (action: Action) => {
    setError(undefined);
    setOpen(action);
  };

  const submit = async (action: Action, values: Values) => {
    const spec = FORMS[action];
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/review/findings/${seg(finding.findingId)}/${spec.route}`, {
        [spec.field]: values.text,
        ...(action === 'decide-appeal' ? { outcome: values.outcome } : {}),
      });
      setOpen(undefined);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const spec = open ? FORMS[open] : undefined;
  const note = rules && !fromAbove && finding.status === 'pending';
  const deadline = department && appealOpen;
  return (
    <>
      {(offered.length > 0 || note || deadline) && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {offered.length > 0 && (
            <Space wrap>
              {offered.map((action) => (
                <Button
                  key={action}
                  type={action === 'confirm' || action === 'decide-appeal' ? 'primary' : 'default'}
                  onClick={() => show(action)}
                >
                  {FORMS[action].title}
                </Button>
              ))}
            </Space>
          )}
          {note && (
            <Alert
              type="info"
              showIcon
              data-testid="ruled-from-above"
              message={`本单位的考评发现由上级单位认定（第二十九条）${department ? '，本单位可提交情况说明' : ''}。`}
            />
          )}
          {deadline && <span>申诉期限：{beijing(finding.appealBy)}（只能申诉一次）</span>}
        </Space>
      )}
      <Modal
        title={spec?.title}
        open={open !== undefined}
        okText={spec?.ok}
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        {open && spec && (
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ outcome: 'upheld' }}
            onFinish={(values) => void submit(open, values)}
          >
            {spec.hint && <p>{spec.hint}</p>}
            {open === 'decide-appeal' && (
              <Form.Item label="复核结论" name="outcome">
                <Radio.Group
                  options={[
                    { value: 'upheld', label: '维持认定' },
                    { value: 'overturned', label: '撤销认定' },
                  ]}
                />
              </Form.Item>
            )}
            <Form.Item
              label={spec.label}
              name="text"
              rules={[{ required: true, whitespace: true, message: `请填写${spec.label}` }]}
            >
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
            <ProblemAlert error={error} />
          </Form>
        )}
      </Modal>
    </>
  );
}

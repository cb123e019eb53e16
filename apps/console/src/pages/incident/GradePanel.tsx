import { useState } from 'react';
import { Button, Descriptions, Form, Input, List, Modal, Space } from 'antd';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { api, seg } from '../../api/client';
import type { GradeLevel, GradingIncidentDetail } from '../../api/types';
import { GradeTag } from '../../components/GradeTag';
import { CRITERIA, ESCALATION_TRIGGERS, LEVELS, gradeLabel } from '../../components/terms';
import { beijing } from '../../components/time';
import { ConveneAssessment } from './ConveneAssessment';
import { useSubmit } from '../../components/useSubmit';
import { Section } from '../../components/Section';

type Action = 'override' | 'escalate' | undefined;

interface GradeChoice {
  level: GradeLevel | 'exceptional';
  reason: string;
  trigger?: string;
}

const GRADE_OPTIONS = [
  { value: 'exceptional', label: '一级（特别重大）' },
  ...Object.entries(LEVELS).map(([value, label]) => ({ value, label })),
];

const toGrade = (choice: GradeChoice['level']) =>
  choice === 'exceptional' ? { level: 'level-1', exceptional: true } : { level: choice, exceptional: false };

/** The grade in force, the proposal with its evidence and rule version, and the grading authority's actions. */
export function GradePanel({
  incident,
  itemIds,
  canDecide,
  canAssess,
  onChanged,
}: {
  incident: GradingIncidentDetail;
  /** The incident's items: what an escalation cites as its causes. */
  itemIds: readonly string[];
  canDecide: boolean;
  /** The leading group's 研判 (grading.conduct-assessment). */
  canAssess: boolean;
  onChanged: () => void;
}) {
  const [action, setAction] = useState<Action>(undefined);
  const [busy, submit] = useSubmit();
  const [form] = Form.useForm<GradeChoice>();
  const proposal = incident.openProposal;
  const base = `/api/grading/incidents/${seg(incident.incidentId)}`;

  const send = async (path: string, body: object) => {
    await submit(async () => {
      await api.post(path, body);
      setAction(undefined);
      onChanged();
    });
  };

  const confirm = () => {
    if (!proposal) return;
    void send(`${base}/grade-confirmations`, { proposalId: proposal.proposalId, grade: proposal.grade });
  };

  const decide = (values: GradeChoice) => {
    if (action === 'override' && proposal) {
      void send(`${base}/grade-overrides`, {
        proposalId: proposal.proposalId,
        grade: toGrade(values.level),
        reason: values.reason,
      });
    } else if (action === 'escalate') {
      void send(`${base}/escalations`, {
        to: toGrade(values.level),
        trigger: values.trigger,
        reason: values.reason,
        causes: itemIds.slice(0, 100).map((id) => ({ kind: 'item', id })),
      });
    }
  };

  const evidenceItems = new Map(incident.evidence.items.map((item) => [item.itemId, item.title]));

  return (
    <Section title="定级">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="确认级别">
          <GradeTag grade={incident.grade} />
          {incident.gradeAt ? `（${beijing(incident.gradeAt)}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="拟定级别">
          {proposal ? <GradeTag grade={proposal.grade} proposed /> : '无待确认的拟定级别'}
        </Descriptions.Item>
        {proposal && (
          <>
            <Descriptions.Item label="规则版本">{proposal.ruleSetVersion}</Descriptions.Item>
            <Descriptions.Item label="依据条件">
              {proposal.criteria.map((criterion) => CRITERIA[criterion] ?? criterion).join('；')}
            </Descriptions.Item>
            {proposal.rationale && <Descriptions.Item label="说明">{proposal.rationale}</Descriptions.Item>}
          </>
        )}
      </Descriptions>
      {proposal && (
        <List
          size="small"
          header={<strong>证据</strong>}
          dataSource={proposal.evidence}
          renderItem={(ref) => (
            <List.Item>
              {ref.kind === 'item' ? `信息：${evidenceItems.get(ref.id) ?? ref.id}` : `事件：${ref.id}`}
            </List.Item>
          )}
        />
      )}
      {canAssess && (proposal || incident.grade) && (
        <div style={{ marginTop: 12 }}>
          <ConveneAssessment incidentId={incident.incidentId} orgUnit={incident.orgUnit} onDone={onChanged} />
        </div>
      )}
      {canDecide && (
        <Space wrap style={{ marginTop: 12 }}>
          {proposal && (
            <Button type="primary" loading={busy && action === undefined} onClick={confirm}>
              确认{gradeLabel(proposal.grade)}
            </Button>
          )}
          {proposal && <Button onClick={() => setAction('override')}>改定级别</Button>}
          {incident.grade && <Button onClick={() => setAction('escalate')}>升级</Button>}
        </Space>
      )}
      <Modal
        title={action === 'escalate' ? '升级' : '改定级别'}
        open={action !== undefined}
        okText="提交"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setAction(undefined)}
        destroyOnHidden
      >
        <Form<GradeChoice>
          form={form}
          layout="vertical"
          initialValues={{ level: 'level-1', reason: '', trigger: 'authority-decision' }}
          onFinish={decide}
        >
          <Form.Item
            label={action === 'escalate' ? '升至级别' : '改定为'}
            name="level"
            rules={[{ required: true }]}
          >
            <ChoiceSelect options={GRADE_OPTIONS} />
          </Form.Item>
          {action === 'escalate' && (
            <Form.Item label="升级原因类别" name="trigger" rules={[{ required: true }]}>
              <ChoiceSelect
                options={Object.entries(ESCALATION_TRIGGERS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          )}
          <Form.Item label="理由" name="reason" rules={[{ required: true, message: '请填写理由' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Section>
  );
}

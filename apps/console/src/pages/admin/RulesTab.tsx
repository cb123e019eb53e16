import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Switch, Table, Typography } from 'antd';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import type { ColumnsType } from 'antd/es/table';
import { ApiError, api, seg } from '../../api/client';
import { useApi } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { ProblemAlert, showProblem } from '../../components/ProblemAlert';
import { UnitName, useOrgUnits } from '../../app/org-units';
import { checkExpression, type ExpressionProblem } from './expression-check';

interface Rule {
  ruleId: string;
  orgUnit: string;
  version: number;
  name: string;
  expression: string;
  platforms: string[];
  active: boolean;
}

interface RuleForm {
  ruleId: string;
  orgUnit: string;
  name: string;
  expression: string;
  active: boolean;
}

/** The expression with a marker under the position at fault. */
function Marked({ expression, problem }: { expression: string; problem: ExpressionProblem }) {
  return (
    <pre style={{ margin: '4px 0', whiteSpace: 'pre-wrap', fontFamily: 'monospace' }} aria-hidden="true">
      {expression}
      {'\n'}
      {' '.repeat(Math.max(0, problem.position))}^
    </pre>
  );
}

/** The service's refusal of an expression: its position and message, when it gives them. */
function serverProblem(error: unknown): ExpressionProblem | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const fault = error.problem.errors?.find((e) => e.path === 'expression');
  if (!fault) return undefined;
  return {
    position: fault.position ?? 0,
    message: fault.token ? `${fault.message}（“${fault.token}”）` : fault.message,
  };
}

/** 监测规则: keyword expressions over captured items; the expression is checked as one types and on save. */
export function RulesTab({ canManage }: { canManage: boolean }) {
  const units = useOrgUnits();
  const list = useApi<{ rules: Rule[] }>('/api/ingestion/rules');
  const [form] = Form.useForm<RuleForm>();
  const expression = Form.useWatch('expression', form) ?? '';
  const [rejected, setRejected] = useState<{ expression: string; problem: ExpressionProblem } | undefined>(
    undefined,
  );
  const [busy, setBusy] = useState(false);
  const local = expression ? checkExpression(expression) : undefined;
  const problem = rejected && rejected.expression === expression ? rejected.problem : local;

  const save = async (values: RuleForm) => {
    setBusy(true);
    try {
      await api.put(`/api/ingestion/rules/${seg(values.ruleId)}`, {
        orgUnit: values.orgUnit,
        name: values.name,
        expression: values.expression,
        active: values.active,
      });
      setRejected(undefined);
      list.reload();
    } catch (error) {
      const fault = serverProblem(error);
      if (fault) setRejected({ expression: values.expression, problem: fault });
      else showProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<Rule> = [
    { title: '规则', dataIndex: 'ruleId' },
    { title: '名称', dataIndex: 'name' },
    { title: '单位', dataIndex: 'orgUnit', render: (id: string) => <UnitName id={id} /> },
    { title: '表达式', dataIndex: 'expression', render: (v: string) => <code>{v}</code> },
    { title: '版本', dataIndex: 'version', align: 'right' },
    {
      title: '状态',
      dataIndex: 'active',
      render: (v: boolean) => (v ? <Chip tone="green">启用</Chip> : <Chip>停用</Chip>),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'edit',
            render: (_: unknown, rule: Rule) => (
              <Button size="small" onClick={() => form.setFieldsValue(rule)}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ProblemAlert error={list.error} />
      <Table<Rule>
        rowKey="ruleId"
        size="small"
        columns={columns}
        dataSource={list.data?.rules ?? []}
        scroll={{ x: 800 }}
      />
      {canManage && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            定义监测规则
          </Typography.Title>
          <Form<RuleForm>
            form={form}
            layout="vertical"
            style={{ maxWidth: 640 }}
            initialValues={{ active: true }}
            onFinish={(values) => void save(values)}
          >
            <Form.Item
              label="规则编号"
              name="ruleId"
              rules={[
                { required: true, pattern: /^[A-Za-z0-9._:-]{1,100}$/, message: '字母、数字及 . _ : -' },
              ]}
            >
              <Input />
            </Form.Item>
            <Form.Item label="单位" name="orgUnit" rules={[{ required: true, message: '请选择单位' }]}>
              <ChoiceSelect
                options={[...units.values()].map((unit) => ({ value: unit.orgUnit, label: unit.name }))}
              />
            </Form.Item>
            <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              label="关键词表达式"
              name="expression"
              rules={[{ required: true, message: '请填写表达式' }]}
              validateStatus={problem ? 'error' : undefined}
              help={
                problem ? (
                  <span role="alert">
                    第 {problem.position + 1} 个字符：{problem.message}
                  </span>
                ) : (
                  '例如：西山区 AND (污染 OR 欠薪)'
                )
              }
            >
              <Input.TextArea rows={2} maxLength={2000} spellCheck={false} />
            </Form.Item>
            {problem && expression && <Marked expression={expression} problem={problem} />}
            <Form.Item label="启用" name="active" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存规则
            </Button>
          </Form>
        </>
      )}
      {!canManage && <Alert type="info" message="只读：定义规则需要舆情管理员或网信办角色。" />}
    </Space>
  );
}

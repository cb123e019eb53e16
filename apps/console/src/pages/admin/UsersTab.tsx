import { useState } from 'react';
import { Button, Form, Input, Modal, Space, Table } from 'antd';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import type { ColumnsType } from 'antd/es/table';
import { api, seg } from '../../api/client';
import type { Grant, UserView } from '../../api/types';
import { useApi } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { ProblemAlert, showProblem } from '../../components/ProblemAlert';
import { ROLES } from '../../components/terms';
import { useSession } from '../../app/session';
import { UnitName, useOrgUnits } from '../../app/org-units';
import { useSubmit } from '../../components/useSubmit';

interface NewGrant {
  role: string;
  orgUnit: string;
}

/** 用户与授权: users in scope with their grants; the internet office grants and revokes roles. */
export function UsersTab() {
  const { can } = useSession();
  const units = useOrgUnits();
  const list = useApi<{ items: UserView[] }>('/api/identity/users');
  const [granting, setGranting] = useState<UserView | undefined>(undefined);
  const [busy, submit] = useSubmit();
  const [form] = Form.useForm<NewGrant>();
  const mayGrant = can('identity.grant-roles');

  const grant = async (values: NewGrant) => {
    if (!granting) return;
    await submit(async () => {
      await api.post(`/api/identity/users/${seg(granting.userId)}/grants`, values);
      setGranting(undefined);
      list.reload();
    });
  };

  const revoke = (user: UserView, item: Grant) => {
    let reason = '';
    Modal.confirm({
      title: `撤销 ${user.displayName} 的「${ROLES[item.role] ?? item.role}」授权`,
      content: (
        <Input
          aria-label="撤销理由"
          placeholder="理由，如：调离岗位"
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      okText: '撤销',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/api/identity/grants/${seg(item.grantId)}/revocations`, {
            reason: reason || '撤销授权',
          });
          list.reload();
        } catch (error) {
          showProblem(error);
        }
      },
    });
  };

  const columns: ColumnsType<UserView> = [
    { title: '姓名', dataIndex: 'displayName' },
    { title: '职务', dataIndex: 'post', render: (post: string | null) => post ?? '—' },
    { title: '用户名', dataIndex: 'username' },
    { title: '单位', dataIndex: 'orgUnit', render: (id: string) => <UnitName id={id} /> },
    {
      title: '授权',
      key: 'grants',
      render: (_: unknown, user) => (
        <Space wrap>
          {user.grants.map((item) => (
            <Space key={item.grantId} size={2}>
              <Chip tone="blue">
                {ROLES[item.role] ?? item.role} · <UnitName id={item.orgUnit} />
              </Chip>
              {mayGrant && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => revoke(user, item)}
                  aria-label={`撤销 ${user.displayName} 的 ${ROLES[item.role] ?? item.role} 授权`}
                >
                  撤销
                </Button>
              )}
            </Space>
          ))}
        </Space>
      ),
    },
    ...(mayGrant
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, user: UserView) => (
              <Button size="small" onClick={() => setGranting(user)}>
                授权
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<UserView>
        rowKey="userId"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading && !list.data}
        scroll={{ x: 800 }}
      />
      <Modal
        title={granting ? `为 ${granting.displayName} 授权` : ''}
        open={granting !== undefined}
        okText="授权"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setGranting(undefined)}
        destroyOnHidden
      >
        <Form<NewGrant> form={form} layout="vertical" onFinish={(values) => void grant(values)}>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <ChoiceSelect
              options={Object.entries(ROLES)
                .filter(([role]) => role !== 'integrator')
                .map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="单位" name="orgUnit" rules={[{ required: true, message: '请选择单位' }]}>
            <ChoiceSelect
              options={[...units.values()].map((unit) => ({ value: unit.orgUnit, label: unit.name }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

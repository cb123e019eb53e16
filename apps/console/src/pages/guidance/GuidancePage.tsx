import { useState } from 'react';
import { Button, Col, Input, List, Modal, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, seg } from '../../api/client';
import { useApi } from '../../components/useApi';
import { Chip } from '../../components/Chip';
import { Countdown } from '../../components/Countdown';
import { ProblemAlert } from '../../components/ProblemAlert';
import { LEVELS } from '../../components/terms';
import { beijing } from '../../components/time';
import { useSession } from '../../app/session';
import { UnitName } from '../../app/org-units';
import type { GradeLevel } from '../../api/types';
import { EmptyText } from '../../components/EmptyText';
import { useSubmit } from '../../components/useSubmit';
import { Section } from '../../components/Section';

interface ResponseRow {
  incidentId: string;
  orgUnit: string;
  level: string | null;
  planOpenedAt: string | null;
  firstResponseDueAt: string | null;
  firstResponseAt: string | null;
}

interface Wording {
  wordingId: string;
  version: number;
  text: string;
  statesCause: boolean;
  characterises: boolean;
  status: 'draft' | 'approved' | 'refused';
  refusalReason: string | null;
  draftedAt: string;
}

interface Release {
  releaseId: string;
  kind: string;
  channel: string;
  status: 'prepared' | 'approved' | 'refused' | 'published';
  text: string;
  requiredApprovers: string[];
  refusalReason: string | null;
}

interface ResponseDetail extends ResponseRow {
  wordings: Wording[];
  releases: Release[];
}

const STATUS: Record<string, { label: string; tone: 'gold' | 'green' | 'red' | 'blue' }> = {
  draft: { label: '待审批', tone: 'gold' },
  prepared: { label: '待审批', tone: 'gold' },
  approved: { label: '已批准', tone: 'green' },
  refused: { label: '不予批准', tone: 'red' },
  published: { label: '已发布', tone: 'blue' },
};

const levelLabel = (level: string | null) => (level ? (LEVELS[level as GradeLevel] ?? level) : '—');

/** 批准 / 不予批准 (with the reason) of a wording version or a release. */
function Decide({ path, extra, onDone }: { path: string; extra: object; onDone: () => void }) {
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, submit] = useSubmit();
  const send = async (decision: 'approve' | 'refuse') => {
    await submit(async () => {
      await api.post(path, { ...extra, decision, ...(decision === 'refuse' ? { reason } : {}) });
      setRefusing(false);
      onDone();
    });
  };
  return (
    <Space>
      <Button size="small" type="primary" loading={busy} onClick={() => void send('approve')}>
        批准
      </Button>
      <Button size="small" danger onClick={() => setRefusing(true)}>
        不予批准
      </Button>
      <Modal
        title="不予批准"
        open={refusing}
        okText="提交"
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{ disabled: reason.trim() === '' }}
        onOk={() => void send('refuse')}
        onCancel={() => setRefusing(false)}
      >
        <label htmlFor="refusal-reason">理由</label>
        <Input.TextArea
          id="refusal-reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}

function ResponseDetailCard({ incidentId }: { incidentId: string }) {
  const { can } = useSession();
  const detail = useApi<ResponseDetail>(`/api/guidance/responses/${seg(incidentId)}`);
  const approver = can('guidance.approve-release');
  const base = `/api/guidance/responses/${seg(incidentId)}`;
  if (!detail.data) return <ProblemAlert error={detail.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Section title="口径">
        <List
          dataSource={detail.data.wordings}
          locale={{ emptyText: <EmptyText>暂无口径</EmptyText> }}
          renderItem={(wording) => (
            <List.Item
              extra={
                approver && wording.status === 'draft' ? (
                  <Decide
                    path={`${base}/wordings/${seg(wording.wordingId)}/decisions`}
                    extra={{
                      version: wording.version,
                      ...(wording.statesCause ? { assentToCause: true } : {}),
                      ...(wording.characterises ? { assentToCharacterisation: true } : {}),
                    }}
                    onDone={detail.reload}
                  />
                ) : null
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    <span>第 {wording.version} 版</span>
                    <Chip tone={STATUS[wording.status]?.tone ?? 'gold'}>
                      {STATUS[wording.status]?.label ?? wording.status}
                    </Chip>
                    {wording.statesCause && <Chip tone="orange">涉及原因</Chip>}
                    {wording.characterises && <Chip tone="orange">涉及定性</Chip>}
                  </Space>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{wording.text}</span>}
              />
            </List.Item>
          )}
        />
      </Section>
      <Section title="发布">
        <List
          dataSource={detail.data.releases}
          locale={{ emptyText: <EmptyText>暂无发布</EmptyText> }}
          renderItem={(release) => (
            <List.Item
              extra={
                approver && release.status === 'prepared' ? (
                  <Decide
                    path={`${base}/releases/${seg(release.releaseId)}/decisions`}
                    extra={{}}
                    onDone={detail.reload}
                  />
                ) : null
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    <span>{release.channel}</span>
                    <Chip tone={STATUS[release.status]?.tone ?? 'gold'}>
                      {STATUS[release.status]?.label ?? release.status}
                    </Chip>
                  </Space>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{release.text}</span>}
              />
            </List.Item>
          )}
        />
      </Section>
    </Space>
  );
}

/** 口径与发布: response plans (三同步), wording versions and releases, approved by the role the grade requires. */
export function GuidancePage() {
  const list = useApi<{ responses: ResponseRow[] }>('/api/guidance/responses?limit=100');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const columns: ColumnsType<ResponseRow> = [
    {
      title: '事件',
      dataIndex: 'incidentId',
      // Guidance knows the incident by its number only; the incident page has its title and items.
      render: (id: string) => <Link to={`/incidents/${encodeURIComponent(id)}`}>{id}</Link>,
    },
    { title: '单位', dataIndex: 'orgUnit', render: (id: string) => <UnitName id={id} /> },
    { title: '级别', dataIndex: 'level', render: levelLabel },
    { title: '方案启动', dataIndex: 'planOpenedAt', render: (v: string | null) => beijing(v, 'MM-DD HH:mm') },
    {
      title: '首次回应',
      key: 'first',
      render: (_: unknown, row) => (
        <Countdown dueAt={row.firstResponseDueAt} done={row.firstResponseAt !== null} />
      ),
    },
    {
      title: '操作',
      key: 'open',
      render: (_: unknown, row) => (
        <Button size="small" onClick={() => setSelected(row.incidentId)}>
          查看口径与发布
        </Button>
      ),
    },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        口径与发布
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={selected ? 12 : 24}>
          <Table<ResponseRow>
            rowKey="incidentId"
            size="small"
            columns={columns}
            dataSource={list.data?.responses ?? []}
            loading={list.loading && !list.data}
            locale={{ emptyText: <EmptyText>暂无回应方案</EmptyText> }}
            scroll={{ x: 700 }}
          />
        </Col>
        {selected && (
          <Col xs={24} xl={12}>
            <ResponseDetailCard key={selected} incidentId={selected} />
          </Col>
        )}
      </Row>
    </>
  );
}

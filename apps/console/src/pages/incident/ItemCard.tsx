import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Modal, Space } from 'antd';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { api, seg } from '../../api/client';
import type { Item } from '../../api/types';
import { Chip } from '../../components/Chip';
import { SafeLink } from '../../components/SafeLink';
import { ACCURACY, DISMISS_REASONS, reachLabel } from '../../components/terms';
import { beijing } from '../../components/time';
import { useSubmit } from '../../components/useSubmit';

const RELATIONS: Record<string, string> = {
  'new-incident': '首发',
  'near-duplicate': '近似重复',
  repost: '转载',
  related: '相关',
  'same-event': '同一事件',
  'cites-source': '转引',
  manual: '人工归并',
};

const STATUS: Record<string, { label: string; tone: 'green' | 'grey' | 'blue' }> = {
  verified: { label: '已核实', tone: 'green' },
  dismissed: { label: '已排除', tone: 'grey' },
};

interface Dismissal {
  reason: string;
  explanation: string;
}

interface Verification {
  accuracy: string;
  findings: string;
}

/** What the person decides on an item: 核实 (verify) or 排除 (dismiss), each with its reason. */
function ItemActions({ item, onDone }: { item: Item; onDone: () => void }) {
  const [open, setOpen] = useState<'verify' | 'dismiss' | undefined>(undefined);
  const [busy, run] = useSubmit();
  const [dismissForm] = Form.useForm<Dismissal>();
  const [verifyForm] = Form.useForm<Verification>();
  const evidence = [{ kind: 'item', id: item.itemId }];

  const submit = async (path: string, body: object) => {
    await run(async () => {
      await api.post(path, { ...body, evidence });
      setOpen(undefined);
      onDone();
    });
  };

  return (
    <>
      <Space>
        <Button size="small" onClick={() => setOpen('verify')}>
          核实
        </Button>
        <Button size="small" danger onClick={() => setOpen('dismiss')}>
          排除
        </Button>
      </Space>
      <Modal
        title="排除信息"
        open={open === 'dismiss'}
        okText="确认排除"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => dismissForm.submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        <Form<Dismissal>
          form={dismissForm}
          layout="vertical"
          initialValues={{ reason: 'fabricated', explanation: '' }}
          onFinish={(values) => void submit(`/api/ingestion/items/${seg(item.itemId)}/dismissals`, values)}
        >
          <Form.Item label="排除类别" name="reason" rules={[{ required: true }]}>
            <ChoiceSelect
              options={Object.entries(DISMISS_REASONS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item
            label="排除理由"
            name="explanation"
            rules={[{ required: true, message: '请填写排除理由（判断依据）' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title="核实信息"
        open={open === 'verify'}
        okText="确认核实"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => verifyForm.submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        <Form<Verification>
          form={verifyForm}
          layout="vertical"
          initialValues={{ accuracy: 'accurate', findings: '' }}
          onFinish={(values) => void submit(`/api/ingestion/items/${seg(item.itemId)}/verifications`, values)}
        >
          <Form.Item label="核实结论" name="accuracy" rules={[{ required: true }]}>
            <ChoiceSelect options={Object.entries(ACCURACY).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="核实情况" name="findings" rules={[{ required: true, message: '请填写核实情况' }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * One captured item. Its title, text, outlet and address come from the internet and are hostile: they are only
 * ever React text children (escaped), and the address becomes a link only when it is http(s).
 */
export function ItemCard({
  item,
  canDecide,
  onChanged,
}: {
  item: Item;
  canDecide: boolean;
  onChanged: () => void;
}) {
  const status = item.status ? STATUS[item.status] : undefined;
  const text = item.text;
  const relation = item.attachment?.relation;
  return (
    <Card
      size="small"
      data-testid="item"
      data-item-id={item.itemId}
      title={<span style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}>{item.title}</span>}
      extra={
        <Space>
          {status && <Chip tone={status.tone}>{status.label}</Chip>}
          {canDecide && item.status !== 'dismissed' && <ItemActions item={item} onDone={onChanged} />}
        </Space>
      }
    >
      {text && <p style={{ whiteSpace: 'pre-wrap', marginTop: 0 }}>{text}</p>}
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label="来源">
          {[item.outlet, item.platform].filter(Boolean).join(' · ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="传播层级">{reachLabel(item.reachTier)}</Descriptions.Item>
        <Descriptions.Item label="发布时间">{beijing(item.publishedAt ?? item.capturedAt)}</Descriptions.Item>
        <Descriptions.Item label="归并">
          {relation ? (RELATIONS[relation] ?? relation) : '—'}
          {typeof item.attachment?.similarity === 'number'
            ? `（相似度 ${item.attachment.similarity.toFixed(2)}）`
            : ''}
        </Descriptions.Item>
        <Descriptions.Item label="网址">
          <span style={{ wordBreak: 'break-all' }}>
            <SafeLink url={item.url} />
          </span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

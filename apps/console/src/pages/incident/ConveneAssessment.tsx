import { useState } from 'react';
import { Button, Form, Input, Modal } from 'antd';
import { api, seg } from '../../api/client';
import { dayjs, BEIJING, fromBeijingInput } from '../../components/time';
import { useSubmit } from '../../components/useSubmit';

/** 召开研判: the leading group convenes the assessment in the form the grade requires (第九至十一条). */
export function ConveneAssessment({
  incidentId,
  orgUnit,
  onDone,
}: {
  incidentId: string;
  orgUnit: string;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, submit] = useSubmit();
  const [form] = Form.useForm<{ scheduledFor: string }>();
  const convene = async ({ scheduledFor }: { scheduledFor: string }) => {
    await submit(async () => {
      await api.post(`/api/grading/incidents/${seg(incidentId)}/assessments`, {
        participantOrgUnitIds: [orgUnit],
        scheduledFor: fromBeijingInput(scheduledFor),
      });
      setOpen(false);
      onDone();
    });
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>召开研判</Button>
      <Modal
        title="召开研判"
        open={open}
        okText="确认召开"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ scheduledFor: dayjs().tz(BEIJING).format('YYYY-MM-DDTHH:mm') }}
          onFinish={(values) => void convene(values)}
        >
          <Form.Item
            label="研判时间（北京时间）"
            name="scheduledFor"
            rules={[{ required: true, message: '请填写研判时间' }]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

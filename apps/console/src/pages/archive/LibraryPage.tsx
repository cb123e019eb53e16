import { useState } from 'react';
import { Button, Col, Form, Input, Row, Space, Spin, Typography } from 'antd';
import { withQuery } from '../../api/client';
import type { GradeLevel, LibraryPage as Page } from '../../api/types';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { EmptyText } from '../../components/EmptyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { LEVELS } from '../../components/terms';
import { dayjs, BEIJING } from '../../components/time';
import { useApi } from '../../components/useApi';
import { useSession } from '../../app/session';
import { LibraryCaseCard } from './LibraryCaseCard';

interface Filters {
  q?: string;
  level?: GradeLevel | '';
  category?: string;
  from?: string;
  to?: string;
}

const PAGE = 20;

/** A date input's day (Beijing) as the instant it starts; `nextDay` for an inclusive end ("closed before"). */
function dayStart(value: string | undefined, nextDay = false): string | undefined {
  if (!value) return undefined;
  const day = dayjs.tz(value, BEIJING);
  if (!day.isValid()) return undefined;
  return (nextDay ? day.add(1, 'day') : day).format();
}

/** 案例库: closed cases of the person's units, searched in Chinese, with the matched words marked. */
export function LibraryPage() {
  const { can } = useSession();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  // The cursors of the pages before this one, to go back; undefined: the first page.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const path = withQuery('/api/archive/library', {
    q: filters.q?.trim() || undefined,
    level: filters.level || undefined,
    category: filters.category?.trim() || undefined,
    from: dayStart(filters.from),
    to: dayStart(filters.to, true),
    limit: PAGE,
    after,
  });
  const library = useApi<Page>(path);
  const page = library.data;

  const search = (values: Filters) => {
    setFilters(values);
    setCursors([undefined]);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        案例库
      </Typography.Title>
      <Section title="检索">
        <Form<Filters> form={form} layout="vertical" onFinish={search} initialValues={{ level: '' }}>
          <Row gutter={16}>
            <Col xs={24} lg={8}>
              <Form.Item label="关键词" name="q">
                <Input.Search
                  placeholder="如：食堂 食品安全"
                  maxLength={200}
                  enterButton="检索"
                  onSearch={() => form.submit()}
                  allowClear
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label="级别" name="level">
                <ChoiceSelect
                  options={[
                    { value: '', label: '全部' },
                    ...Object.entries(LEVELS).map(([value, label]) => ({ value, label })),
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label="类别" name="category">
                <Input maxLength={50} placeholder="如：食品安全" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label="结案时间起" name="from">
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label="结案时间止" name="to">
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit">
              筛选
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                search({});
              }}
            >
              清除条件
            </Button>
          </Space>
        </Form>
      </Section>
      <Section
        title="检索结果"
        extra={
          page?.matched ? (
            <span data-testid="matched">匹配方式：{page.matched === 'all' ? '全部词' : '任一词'}</span>
          ) : undefined
        }
      >
        <ProblemAlert error={library.error} />
        {!page && library.loading && (
          <Spin tip="加载中…">
            <div style={{ height: 80 }} />
          </Spin>
        )}
        {page && (
          <Space direction="vertical" style={{ width: '100%' }}>
            {page.cases.map((entry) => (
              <LibraryCaseCard
                key={entry.caseId}
                entry={entry}
                canOpenFile={can('archive.read-case-files')}
              />
            ))}
            {page.cases.length === 0 && (
              <EmptyText>
                {filters.q?.trim()
                  ? '没有找到符合条件的案例，请换个关键词或放宽筛选条件'
                  : '案例库中暂无已结案的案例'}
              </EmptyText>
            )}
            <Space>
              <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                上一页
              </Button>
              <Button disabled={!page.next} onClick={() => setCursors((c) => [...c, page.next])}>
                下一页
              </Button>
            </Space>
          </Space>
        )}
      </Section>
    </Space>
  );
}

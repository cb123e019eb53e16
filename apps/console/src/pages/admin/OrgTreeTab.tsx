import { useMemo } from 'react';
import { Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import type { OrgUnit } from '../../api/types';
import { useApi } from '../../components/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';

const KINDS: Record<string, string> = {
  province: '省',
  city: '市',
  county: '县（区）',
  town: '乡镇',
  bureau: '局',
  department: '部门',
  'leading-group': '领导小组',
  'leading-group-office': '领导小组办公室',
  'internet-office': '网信办',
  'supervision-office': '督查室',
  'special-team': '专班',
};

function toTree(units: readonly OrgUnit[]): DataNode[] {
  const ids = new Set(units.map((unit) => unit.orgUnit));
  const children = new Map<string | null, OrgUnit[]>();
  for (const unit of units) {
    // A unit whose parent is outside the person's scope is a root of what they see.
    const parent = unit.parent && ids.has(unit.parent) ? unit.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const build = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? []).map((unit) => ({
      key: unit.orgUnit,
      title: `${unit.name}（${KINDS[unit.kind] ?? unit.kind}）`,
      children: build(unit.orgUnit),
    }));
  return build(null);
}

/** 组织机构: the org units the person may see, as a tree. */
export function OrgTreeTab() {
  const list = useApi<{ items: OrgUnit[] }>('/api/identity/org-units');
  const tree = useMemo(() => toTree(list.data?.items ?? []), [list.data]);
  return (
    <>
      <ProblemAlert error={list.error} />
      {list.data && <Tree treeData={tree} defaultExpandAll aria-label="组织机构" />}
    </>
  );
}

// What the navigation offers, each entry with the permissions that open it (any of them).

export interface NavEntry {
  path: string;
  label: string;
  anyOf: readonly string[];
}

export const NAVIGATION: readonly NavEntry[] = [
  { path: '/', label: '值班台', anyOf: ['ingestion.read-items'] },
  { path: '/reporting', label: '报送', anyOf: ['reporting.read-reports'] },
  { path: '/guidance', label: '口径与发布', anyOf: ['guidance.read-releases'] },
  {
    path: '/admin',
    label: '管理',
    anyOf: ['identity.manage-org-tree', 'identity.read-users', 'ingestion.manage-sources'],
  },
  { path: '/library', label: '案例库', anyOf: ['archive.read-cases'] },
  { path: '/cases', label: '案卷', anyOf: ['archive.read-case-files'] },
  { path: '/review', label: '考评', anyOf: ['review.read-findings'] },
  { path: '/audit', label: '审计', anyOf: ['audit.replay'] },
];

export const allowedBy = (entry: NavEntry, can: (permission: string) => boolean): boolean =>
  entry.anyOf.some(can);

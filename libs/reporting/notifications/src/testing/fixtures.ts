import type { Notification } from '../notification';

// Test code: a notification as the reporting service would build one.
export function aNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: '0193a6f2-7c1e-7b2a-9d4e-3f5a6b7c8d9e',
    purpose: 'deadline-reminder',
    recipient: { kind: 'duty-desk', id: 'org-county-cac' },
    channel: 'webhook',
    subject: '【报送提醒】网上舆情快报 30 分钟内到期',
    text: '某镇“道路塌陷”舆情（二级）的《网上舆情》报送将于 14:30 到期，请及时报送市局。\n事件编号：INC-2025-0042',
    incidentId: 'inc-0042',
    obligationId: 'obl-0042-bulletin',
    ...overrides,
  };
}

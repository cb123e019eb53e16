import type { Grant, Principal, Role } from '@yuqing/auth';
import { eventCatalogue } from '@yuqing/contracts';
import { readPermissionOf, StreamAccess } from './stream-access';

// Issue 19, "the live stream leaks identity events": each event goes only to who may read it, in its unit.
function user(...grants: [Role, string][]): Principal {
  return {
    subject: 'u',
    kind: 'user',
    grants: grants.map(([role, orgUnit], i): Grant => ({ grantId: `g${i}`, role, orgUnit })),
    scopes: [],
    expiresAt: new Date(Date.now() + 60_000),
  };
}

const county = 'cn.yn.km.yl';
const identityEvents = [
  'identity.LoginFailed',
  'identity.LoginSucceeded',
  'identity.AccountLocked',
  'identity.RoleGranted',
  'identity.GrantRevoked',
  'identity.UserRegistered',
  'identity.PasswordChanged',
  'identity.ClientRegistered',
];

it('streams sign-ins, lockouts, users and grants only to roles that may read users', () => {
  const monitor = new StreamAccess(user(['monitor', county]));
  const admin = new StreamAccess(user(['internet-office', county]));
  const leader = new StreamAccess(user(['principal-leader', county]));
  for (const type of identityEvents) {
    expect([type, monitor.mayRead(type, county)]).toEqual([type, false]);
    expect([type, admin.mayRead(type, county)]).toEqual([type, true]);
    expect([type, leader.mayRead(type, county)]).toEqual([type, true]);
  }
  // The org tree is everyone's.
  expect(monitor.mayRead('identity.OrgUnitCreated', county)).toBe(true);
});

it('checks the read permission in the event’s unit, not anywhere the caller holds it', () => {
  // Internet office of one county, monitor in the city: the city's sign-ins are not the county office's to see.
  const access = new StreamAccess(user(['internet-office', county], ['monitor', 'cn.yn.km']));
  expect(access.mayRead('identity.LoginFailed', `${county}.wxb`)).toBe(true);
  expect(access.mayRead('identity.LoginFailed', 'cn.yn.km')).toBe(false);
  expect(access.mayRead('ingestion.ItemCaptured', 'cn.yn.km')).toBe(true);
  expect(access.mayRead('ingestion.ItemCaptured', 'cn.yn.qj')).toBe(false);
});

it('reads other contexts by their read permission, and the supervision register by its own', () => {
  const monitor = new StreamAccess(user(['monitor', county]));
  expect(monitor.mayRead('grading.GradeConfirmed', county)).toBe(true);
  expect(monitor.mayRead('reporting.FlashReportSent', county)).toBe(true);
  expect(monitor.mayRead('reporting.FollowUpTaskOpened', county)).toBe(false);
  expect(monitor.mayRead('review.ViolationRuled', county)).toBe(false);
  expect(
    new StreamAccess(user(['supervision-office', county])).mayRead('reporting.FollowUpTaskOpened', county),
  ).toBe(true);
});

it('leaves out revoked grants, and gives an unknown context to nobody', () => {
  const revoked = new StreamAccess(user(['monitor', county], ['internet-office', county]), new Set(['g1']));
  expect(revoked.mayRead('identity.RoleGranted', county)).toBe(false);
  expect(revoked.mayRead('ingestion.ItemCaptured', county)).toBe(true);
  expect(readPermissionOf('elsewhere.Something')).toBeUndefined();
});

it('has a read permission for every event in the catalogue', () => {
  for (const { type } of eventCatalogue.all)
    expect([type, readPermissionOf(type)]).not.toEqual([type, undefined]);
});

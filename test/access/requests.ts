import type { MatrixFixtures } from '@yuqing/testing';

// Valid requests for the routes whose service harness gives none, so an allowed cell is served (2xx, or a domain
// refusal after authorization) and never answers 400 for a request the matrix built badly. Each call makes new
// names: users, units and clients are unique on the platform.

export interface CellRequest {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
}

type Build = (
  unit: string,
  fixtures: ReadonlyMap<string, MatrixFixtures>,
  n: number,
  ratedPeriod: string,
) => CellRequest;

const now = () => new Date().toISOString();
const thisYear = () => String(new Date().getUTCFullYear());

const EXTRA: Record<string, Record<string, Build>> = {
  gateway: {
    'POST /api/identity/org-units': (_unit, _f, n) => ({
      body: { segment: `mx${n}`, kind: 'department', name: '矩阵测试科' },
    }),
    'POST /api/identity/users': (_unit, _f, n) => ({
      body: { username: `matrix.n${n}`, displayName: '矩阵测试用户' },
    }),
    'PUT /api/identity/users/:userId/password': () => ({ body: { password: 'a-long-matrix-password-42' } }),
    'PUT /api/identity/users/:userId/profile': () => ({ body: { displayName: '矩阵测试用户', post: '矩阵测试员' } }),
    'POST /api/identity/users/:userId/grants': (unit, fixtures) => ({
      params: { userId: fixtures.get('gateway')?.resolved['identity.user']?.[unit] ?? 'x' },
      body: { role: 'monitor' },
    }),
    'POST /api/identity/grants/:grantId/revocations': () => ({ body: { reason: '矩阵测试：调离岗位' } }),
    'POST /api/identity/clients': (_unit, _f, n) => ({
      body: { clientId: `matrix-c${n}`, name: '矩阵测试采集程序', scopes: ['ingestion.capture-item'] },
    }),
  },
  archive: {
    'GET /api/archive/incidents/:incidentId/as-of': () => ({ query: { at: now() } }),
    'GET /api/archive/incidents/:incidentId/timeline': () => ({
      query: { from: new Date(Date.now() - 86_400_000).toISOString(), to: now() },
    }),
  },
  review: {
    'GET /api/review/periods/:period/recompute': () => ({ params: { period: thisYear() } }),
    // The period the matrix rated its units for before the cells (a rating not made is a 404).
    'GET /api/review/ratings/:orgUnit/:period': (_unit, _f, _n, ratedPeriod) => ({ params: { period: ratedPeriod } }),
  },
};

let counter = 0;

/** A valid request of the matrix's own for `route` of `service` concerning `unit`, when it has one. */
export function extraRequest(
  service: string,
  route: string,
  unit: string,
  fixtures: ReadonlyMap<string, MatrixFixtures>,
  ratedPeriod: string,
): CellRequest | undefined {
  return EXTRA[service]?.[route]?.(unit, fixtures, ++counter, ratedPeriod);
}

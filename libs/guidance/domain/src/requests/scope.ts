/** Whether `unit` is one of `scope`'s units or below one (org-unit paths: `cn.yn.km` covers `cn.yn.km.yl`). */
export function covers(scope: readonly string[], unit: string): boolean {
  return scope.some((s) => unit === s || unit.startsWith(`${s}.`));
}

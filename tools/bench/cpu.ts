import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// CPU time by process group, from /proc (Linux): a throughput figure moves with whatever else the machine does,
// CPU time per item much less, so the benchmarks report both.

export type CpuGroup = 'service' | 'postgres' | 'kafka' | 'bench';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) each group has used so far; empty where /proc is not there. */
export function cpuSeconds(servicePids: readonly number[]): Partial<Record<CpuGroup, number>> {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return {};
  }
  const totals: Partial<Record<CpuGroup, number>> = {};
  for (const pid of entries) {
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const group = groupOf(Number(pid), stat, cmdline, servicePids);
    if (!group) continue;
    // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    totals[group] = (totals[group] ?? 0) + ticks / TICKS_PER_SECOND;
  }
  return totals;
}

function groupOf(
  pid: number,
  stat: string,
  cmdline: string,
  servicePids: readonly number[],
): CpuGroup | undefined {
  if (servicePids.includes(pid)) return 'service';
  if (pid === process.pid) return 'bench';
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  if (name === 'postgres' || cmdline.startsWith('postgres')) return 'postgres';
  if (cmdline.includes('kafka.Kafka')) return 'kafka';
  return undefined;
}

/** Milliseconds of CPU per unit of work between two snapshots, by group, and the cores each group kept busy. */
export function cpuPerUnit(
  before: Partial<Record<CpuGroup, number>>,
  after: Partial<Record<CpuGroup, number>>,
  units: number,
  seconds: number,
): { msPerUnit: Partial<Record<CpuGroup, number>>; cores: Partial<Record<CpuGroup, number>> } {
  const msPerUnit: Partial<Record<CpuGroup, number>> = {};
  const cores: Partial<Record<CpuGroup, number>> = {};
  for (const group of Object.keys(after) as CpuGroup[]) {
    const used = (after[group] ?? 0) - (before[group] ?? 0);
    msPerUnit[group] = Math.round((used / units) * 1e6) / 1e3;
    cores[group] = Math.round((used / seconds) * 100) / 100;
  }
  return { msPerUnit, cores };
}

/** Peak resident memory (VmHWM) of each process, in MiB; empty where /proc is not there. */
export function peakRssMiB(pids: readonly number[]): number[] {
  return pids.flatMap((pid) => {
    try {
      const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kib ? [Math.round(Number(kib) / 1024)] : [];
    } catch {
      return [];
    }
  });
}

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Cumulative CPU counters at one instant; compare two with `cpuBetween`. */
export interface CpuSnapshot {
  readonly atMs: number;
  /** Sum of every /proc/stat field over all CPUs, and the idle + iowait part, in clock ticks. */
  readonly machineTicks: number;
  readonly machineIdleTicks: number;
  /** utime + stime of the watched process (the platform), in clock ticks. */
  readonly processTicks: number | undefined;
  /** This process (the load generator), in microseconds. */
  readonly selfMicros: number;
}

/** Average number of cores busy over an interval, split by who used them. */
export interface CpuBreakdown {
  readonly cpus: number;
  readonly machineBusyCores: number;
  readonly platformCores: number | null;
  readonly loadGeneratorCores: number;
  /** Everything else: PostgreSQL, Redis, and any process that isn't part of the bench. */
  readonly otherCores: number | null;
}

function readMachineTicks(): { total: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice, already inside user/nice]
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { total, idle: fields[3] + fields[4] };
}

function readProcessTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Undefined where /proc isn't available (not Linux): the report then carries no CPU split. */
export function takeCpuSnapshot(pid?: number): CpuSnapshot | undefined {
  try {
    const machine = readMachineTicks();
    const self = process.cpuUsage();
    return {
      atMs: performance.now(),
      machineTicks: machine.total,
      machineIdleTicks: machine.idle,
      processTicks: pid === undefined ? undefined : readProcessTicks(pid),
      selfMicros: self.user + self.system,
    };
  } catch {
    return undefined;
  }
}

/** Both counters tick at USER_HZ, so dividing by the machine's ticks per CPU needs no clock rate. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, cpuCount: number = cpus().length): CpuBreakdown {
  const machineTicks = after.machineTicks - before.machineTicks;
  const ticksPerCpu = machineTicks / cpuCount;
  if (ticksPerCpu <= 0) throw new Error('cpuBetween needs two snapshots at different times');
  const machineBusyCores = (machineTicks - (after.machineIdleTicks - before.machineIdleTicks)) / ticksPerCpu;
  const loadGeneratorCores = (after.selfMicros - before.selfMicros) / ((after.atMs - before.atMs) * 1000);
  const platformCores =
    before.processTicks === undefined || after.processTicks === undefined ? null : (after.processTicks - before.processTicks) / ticksPerCpu;
  return {
    cpus: cpuCount,
    machineBusyCores,
    platformCores,
    loadGeneratorCores,
    otherCores: platformCores === null ? null : Math.max(0, machineBusyCores - platformCores - loadGeneratorCores),
  };
}

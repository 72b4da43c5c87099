import { TARGET } from './bench.config';
import type { LoadPhaseResult } from './gateway-load.runner';
import type { PgbenchResult } from './pgbench.runner';
import type { SeedResult } from './demo-tenant.seed';

/** The one JSON object a run prints and writes to bench/results/latest.json. */
export interface BenchReport {
  readonly schemaVersion: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly platform: string;
    /** Cores busy during one second before the bench started anything (null without /proc). */
    readonly busyCoresBeforeRun: number | null;
  };
  readonly config: {
    readonly durationS: number;
    readonly connections: number;
    readonly warmupS: number;
    readonly databaseUrl: string;
    readonly query: string;
    readonly cpuProfileDir: string | null;
  };
  readonly pgbench: PgbenchResult;
  readonly gateway: {
    readonly url: string;
    /** Spawn to `/readyz` 200: database creation, migrations, seed, composition. */
    readonly startupMs: number;
    readonly seed: SeedResult & { readonly accounts: number; readonly agents: number };
    /** Size of one Accounts50 answer. */
    readonly responseBytes: number;
    readonly warmup: LoadPhaseResult;
    readonly measured: LoadPhaseResult;
    /** Correct answers per second in the measured phase. */
    readonly rps: number;
    /** Non-2xx + 2xx with a GraphQL `errors` array or a wrong page + no response at all. */
    readonly failedRequests: number;
  };
  readonly gatewayRpsPerPgbenchTps: number;
  readonly target: TargetVerdict;
}

export interface TargetVerdict {
  readonly rpsMin: number;
  readonly p99MsMax: number;
  readonly pass: boolean;
  /** Empty when `pass`; otherwise one sentence per missed criterion. */
  readonly misses: readonly string[];
}

export function failedRequests(phase: LoadPhaseResult): number {
  return phase.non2xx + phase.invalidBodies + phase.transportErrors;
}

/**
 * The target is ≥ 1,000 correct answers per second with p99 ≤ 50 ms. A run with any failed
 * request fails too: an error page served fast must not count as meeting a latency target.
 */
export function evaluateTarget(measured: LoadPhaseResult): TargetVerdict {
  const misses: string[] = [];
  if (measured.okPerSecond < TARGET.rpsMin) {
    misses.push(`throughput ${measured.okPerSecond.toFixed(0)} req/s is below ${TARGET.rpsMin} req/s`);
  }
  if (measured.latency.count === 0 || measured.latency.p99Ms > TARGET.p99MsMax) {
    misses.push(`p99 ${measured.latency.p99Ms.toFixed(1)} ms is above ${TARGET.p99MsMax} ms`);
  }
  const failed = failedRequests(measured);
  if (failed > 0) misses.push(`${failed} failed requests`);
  return { rpsMin: TARGET.rpsMin, p99MsMax: TARGET.p99MsMax, pass: misses.length === 0, misses };
}

function fixed(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cpuRows(measured: LoadPhaseResult): Array<[string, string]> {
  const cpu = measured.cpu;
  if (!cpu || cpu.platformCores === null || cpu.otherCores === null) return [];
  return [
    [
      `cores busy of ${cpu.cpus}: platform / bench / rest`,
      `${fixed(cpu.platformCores, 2)} / ${fixed(cpu.loadGeneratorCores, 2)} / ${fixed(cpu.otherCores, 2)}`,
    ],
  ];
}

/** The human summary printed after the JSON. */
export function formatReportTable(report: BenchReport): string {
  const measured = report.gateway.measured;
  const rows: Array<[string, string]> = [
    ['gateway req/s (correct answers)', fixed(report.gateway.rps, 0)],
    ['latency p50', `${fixed(measured.latency.p50Ms, 2)} ms`],
    ['latency p90', `${fixed(measured.latency.p90Ms, 2)} ms`],
    ['latency p99', `${fixed(measured.latency.p99Ms, 2)} ms`],
    ['latency max', `${fixed(measured.latency.maxMs, 2)} ms`],
    ['requests answered', fixed(measured.responses, 0)],
    ['non-2xx', fixed(measured.non2xx, 0)],
    ['2xx with GraphQL errors / wrong page', fixed(measured.invalidBodies, 0)],
    ['no response (errors + timeouts)', fixed(measured.transportErrors, 0)],
    ['pgbench tpcb-like TPS', fixed(report.pgbench.tps, 0)],
    ['gateway req/s ÷ pgbench TPS', fixed(report.gatewayRpsPerPgbenchTps, 2)],
    ...cpuRows(measured),
    [`target (≥ ${fixed(report.target.rpsMin, 0)} req/s, p99 ≤ ${report.target.p99MsMax} ms, 0 failed)`, report.target.pass ? 'PASS' : 'FAIL'],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `+${'-'.repeat(labelWidth + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  const header =
    `Accounts50 through ${report.gateway.url}: ${report.config.connections} connections, ` +
    `${report.config.warmupS} s warm-up, ${fixed(measured.durationS, 2)} s measured; ` +
    `pgbench -c ${report.pgbench.clients} -j ${report.pgbench.threads} -T ${report.pgbench.durationS} -s ${report.pgbench.scale}; ` +
    `${report.machine.cpus} CPUs`;
  return [
    header,
    rule,
    ...rows.map(([label, value]) => `| ${label.padEnd(labelWidth)} | ${value.padStart(valueWidth)} |`),
    rule,
    ...report.target.misses.map((miss) => `  missed: ${miss}`),
  ].join('\n');
}

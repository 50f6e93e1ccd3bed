/** @module What the fan-out scripts share: a Task shaped as the fleet's, memory samples, and a client process to fork. */
import { type ChildProcess, fork } from 'node:child_process'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { JobSpec } from '../../apis/index.js'
import { createApp } from '../app.js'
import type { Store } from '../storage/store.js'
import type { ClientCommand, ClientReport } from './fanout-clients.js'

const MiB = 1024 * 1024

export interface Sample {
  heap: number
  external: number
  rss: number
}

/** process.memoryUsage() after full collections (run node with --expose-gc), in MiB. */
export async function sample(): Promise<Sample> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc')
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((r) => setImmediate(r))
  }
  const m = process.memoryUsage()
  return { heap: m.heapUsed / MiB, external: (m.external + m.arrayBuffers) / MiB, rss: m.rss / MiB }
}

export const delta = (a: Sample, b: Sample): string =>
  `heap ${(b.heap - a.heap).toFixed(1)} MiB, external ${(b.external - a.external).toFixed(1)} MiB, rss ${(b.rss - a.rss).toFixed(1)} MiB`

export const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1] ?? Number.NaN

export const hostName = (i: number): string => `host-${String(i).padStart(4, '0')}`
export const hostNumber = (t: { spec?: unknown }): number => Number((t.spec as { host: string }).host.slice(5))

const jobSpec = JobSpec.parse({
  image: 'helios-test/busybox:latest',
  command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
  env: { LOG_LEVEL: 'info', SERVICE: 'bench' },
  ports: { http: { internalPort: 8080 } },
  healthCheck: { type: 'tcp', port: 'http' },
})

/** Deployment `d`'s Task on host `h`, as the deployment controller writes it (spec.jobSpec: the Job's spec). */
export const task = (d: number, h: number) => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name: `bench-fleet-${d}@${hostName(h)}`, labels: { 'bench-run': 'x' }, annotations: {} },
  spec: {
    host: hostName(h),
    deployment: `bench-fleet-${d}`,
    job: `bench-fleet-${d}:v1`,
    jobId: `bench-fleet-${d}:v1:0123456789abcdef0123456789abcdef01234567`,
    jobSpec,
    goal: 'START',
  },
})

/** A RUNNING status as an agent writes it, different in every round. */
export const running = (round: number, h: number) => ({
  state: 'RUNNING',
  goal: 'START',
  containerId: `${round}`.padStart(64, 'c'),
  throttled: 'NO',
  ports: { http: { internalPort: 8080, externalPort: 20000 + h, protocol: 'tcp' } },
  runningSince: new Date(1_700_000_000_000 + round).toISOString(),
  updatedAt: new Date(1_700_000_000_000 + round).toISOString(),
})

/** createApp on `store` at an ephemeral port, open to any number of watches from this machine. */
export async function serve(store: Store): Promise<{ url: string; server: Server }> {
  const server = createApp({ store, watchLimits: { perClient: 10_000 } }).listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** A forked fanout-clients.ts: its watches' memory and CPU are not the apiserver's. */
export function clients(): { child: ChildProcess; ask: (c: ClientCommand) => Promise<ClientReport> } {
  const child = fork(new URL('./fanout-clients.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  })
  const ask = (command: ClientCommand) =>
    new Promise<ClientReport>((resolve, reject) => {
      child.once('message', (r: ClientReport) => ('failed' in r ? reject(new Error(r.failed)) : resolve(r)))
      child.send(command)
    })
  return { child, ask }
}

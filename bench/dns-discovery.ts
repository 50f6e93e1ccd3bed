/** @module Benchmark: a registered Task's RUNNING → resolvable through the built-in DNS, and STOP → unresolvable, next to its grace period. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HeliosClient } from '../client/index.js'
import { type DnsAddress, pollSrv, srvCount } from './dns-probe.js'
import { benchManifest } from './manifest.js'
import { mustRun } from './run.js'
import { median, percentile, type Row, type Skipped } from './stats.js'
import { engineEvent, watchTask } from './watch.js'

export const GRACE_SECONDS = 2

interface Round {
  resolvable: number
  unresolvable: number
  stopped: number
}

/**
 * Each round applies a Job registering `<name>/http` with a grace period, times the Task's RUNNING (seen through a
 * watch) to its SRV record answering at `dns` (asked every 5 ms), then STOP to the record gone and to the container's
 * `die` event. STOP is the goal written through the API, as `heliosctl stop` writes it, so no CLI start-up is counted.
 * The ratio column divides by the grace period: unresolvable well below 1x, stopped above.
 */
export async function benchDnsDiscovery(opts: {
  client: HeliosClient
  host: string
  cli: string[]
  dns: DnsAddress
  domain: string
  runs: number
}): Promise<{ rows: Row[]; skipped: Skipped[] }> {
  const name = `bench-dns-${process.pid}`
  const srv = `_${name}._http.${opts.domain}`
  const unanswered = await srvCount(opts.dns, srv).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  )
  if (unanswered)
    return { rows: [], skipped: [{ subject: 'built-in DNS', why: `${unanswered} (apiserver --dns-listen)` }] }
  const file = join(mkdtempSync(join(tmpdir(), 'helios-bench-')), `${name}.yaml`)
  const ctl = (...args: string[]) => mustRun(opts.cli[0] ?? 'node', [...opts.cli.slice(1), ...args])
  const rounds: Round[] = []
  try {
    for (let i = 0; i < opts.runs; i++) {
      writeFileSync(file, benchManifest({ name, host: opts.host, stopTimeoutSeconds: 1, gracePeriod: GRACE_SECONDS }))
      rounds.push(
        await round({
          ...opts,
          task: `${name}@${opts.host}`,
          srv,
          apply: () => ctl('apply', '-f', file),
          stop: () => stopOn(opts.client, name, opts.host),
        }),
      )
      await ctl('delete', '-f', file)
    }
  } finally {
    await ctl('delete', '-f', file).catch(() => {})
  }
  const grace = GRACE_SECONDS * 1000
  const row = (subject: string, xs: number[]): Row => ({
    benchmark: `service discovery (grace ${GRACE_SECONDS} s)`,
    subject,
    medianMs: median(xs),
    p90Ms: percentile(xs, 90),
    runs: xs.length,
    ratio: median(xs) / grace,
  })
  return {
    rows: [
      row(
        'Task RUNNING -> SRV resolvable',
        rounds.map((r) => r.resolvable),
      ),
      row(
        'STOP -> SRV unresolvable',
        rounds.map((r) => r.unresolvable),
      ),
      row(
        'STOP -> container stopped',
        rounds.map((r) => r.stopped),
      ),
    ],
    skipped: [],
  }
}

async function round(o: {
  client: HeliosClient
  dns: DnsAddress
  task: string
  srv: string
  apply: () => Promise<string>
  stop: () => Promise<unknown>
}): Promise<Round> {
  const running = watchTask(o.client, o.task, (t) => t.status?.state === 'RUNNING', AbortSignal.timeout(60_000))
  running.catch(() => {}) // awaited below, unless the apply fails first
  await o.apply()
  const task = await running
  const runningAt = process.hrtime.bigint()
  const resolvableAt = await pollSrv(o.dns, o.srv, (n) => n > 0, 30_000)
  const died = await engineEvent(task.status?.containerId ?? '', 'die')
  try {
    const stopAt = process.hrtime.bigint()
    const diedAt = died.next.then(() => process.hrtime.bigint())
    const stopping = o.stop()
    const goneAt = await pollSrv(o.dns, o.srv, (n) => n === 0, 30_000)
    await stopping
    const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6
    return {
      resolvable: ms(runningAt, resolvableAt),
      unresolvable: ms(stopAt, goneAt),
      stopped: ms(stopAt, await diedAt),
    }
  } finally {
    died.close()
  }
}

/** `heliosctl stop JOB HOST`'s write: goal STOP for `host` in Deployment `name` (compare-and-set). */
async function stopOn(client: HeliosClient, name: string, host: string): Promise<void> {
  const deployment = await client.get('Deployment', name)
  const hostGoals = { ...deployment.spec.hostGoals, [host]: 'STOP' as const }
  await client.update('Deployment', { ...deployment, spec: { ...deployment.spec, hostGoals } })
}

/** @module Benchmark 1: one container on one host, `heliosctl apply` → RUNNING, next to a raw `docker run -d` and a Swarm service. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HeliosClient } from '../client/index.js'
import { benchManifest, IMAGE } from './manifest.js'
import { type Swarm, timeSwarmService } from './peers-swarm.js'
import { elapsedMs, freePort, mustRun, run } from './run.js'
import { type Row, rowsAgainstHelios, type Skipped } from './stats.js'
import { taskEvents } from './watch.js'

const HELIOS = 'heliosctl apply -> RUNNING'
const SWARM = 'docker service create (Swarm)'

/**
 * Measures `runs` rounds, alternating subjects so machine noise hits all alike. `ratio` is Helios' median over
 * each row's. The Swarm peer is timed until its container's engine `start` event; `swarm` may be why it is skipped.
 */
export async function benchOneContainer(opts: {
  client: HeliosClient
  host: string
  cli: string[]
  runs: number
  swarm: Swarm | string
}): Promise<{ rows: Row[]; skipped: Skipped[] }> {
  const helios: number[] = []
  const docker: number[] = []
  const swarm: number[] = []
  const dir = mkdtempSync(join(tmpdir(), 'helios-bench-'))
  for (let i = 0; i < opts.runs; i++) {
    docker.push(await dockerRun(await freePort()))
    helios.push(await heliosApply(opts, dir, i, await freePort()))
    if (typeof opts.swarm !== 'string') swarm.push(await timeSwarmService(`bench-one-${process.pid}-${i}`, 1))
  }
  const rows = rowsAgainstHelios('one container', HELIOS, [
    ['docker run -d (floor)', docker],
    [SWARM, swarm],
    [HELIOS, helios],
  ])
  const skipped = typeof opts.swarm === 'string' ? [{ subject: SWARM, why: opts.swarm }] : []
  return { rows, skipped }
}

async function dockerRun(port: number): Promise<number> {
  const start = process.hrtime.bigint()
  const id = (await mustRun('docker', ['run', '-d', '--init', '-p', `${port}:80`, IMAGE])).trim()
  const ms = elapsedMs(start)
  await run('docker', ['rm', '-f', id])
  return ms
}

async function heliosApply(
  opts: { client: HeliosClient; host: string; cli: string[] },
  dir: string,
  i: number,
  port: number,
) {
  const name = `bench-one-${process.pid}-${i}`
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, benchManifest({ name, host: opts.host, port, stopTimeoutSeconds: 5 }))
  const abort = new AbortController()
  const running = waitRunning(opts.client, `${name}@${opts.host}`, abort.signal)
  const start = process.hrtime.bigint()
  await mustRun(opts.cli[0]!, [...opts.cli.slice(1), 'apply', '-f', file])
  await running
  const ms = elapsedMs(start)
  abort.abort()
  await mustRun(opts.cli[0]!, [...opts.cli.slice(1), 'delete', '-f', file])
  return ms
}

// Watches Tasks instead of polling, so the measurement ends the moment the agent reports RUNNING.
async function waitRunning(client: HeliosClient, task: string, signal: AbortSignal): Promise<void> {
  for await (const event of taskEvents(client, { fieldSelector: `metadata.name=${task}`, signal })) {
    if (event.task.status?.state === 'RUNNING') return
  }
  throw new Error(`watch ended before ${task} was RUNNING`)
}

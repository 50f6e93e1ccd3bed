/** @module Benchmark 2: `docker kill` of a managed container → its Task RUNNING again, next to Docker's own --restart=always. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HeliosClient } from '../client/index.js'
import { benchManifest, IMAGE } from './manifest.js'
import { elapsedMs, freePort, mustRun, run } from './run.js'
import { median, percentile, type Row } from './stats.js'
import { engineEvent, watchTask } from './watch.js'

/** Helios throttles a Task as FLAPPING (30 s delay) at its 10th quick exit: stay below. */
export const MAX_KILLS = 9

/**
 * Kills alternate between the two subjects so machine noise hits both alike. Helios restarts after
 * its fixed 1 s delay (Helios' RestartPolicy); Docker after 100 ms, doubling per quick restart, so
 * each Docker round uses a fresh container: Docker is measured at its best.
 */
export async function benchRestartAfterKill(opts: {
  client: HeliosClient
  host: string
  cli: string[]
  runs: number
}): Promise<Row[]> {
  const runs = Math.min(opts.runs, MAX_KILLS)
  const name = `bench-restart-${process.pid}`
  const task = `${name}@${opts.host}`
  const file = join(mkdtempSync(join(tmpdir(), 'helios-bench-')), `${name}.yaml`)
  writeFileSync(file, benchManifest({ name, host: opts.host, port: await freePort(), stopTimeoutSeconds: 1 }))
  const ctl = (...args: string[]) => mustRun(opts.cli[0] ?? 'node', [...opts.cli.slice(1), ...args])
  const helios: number[] = []
  const docker: number[] = []
  const running = waitTaskRunning(opts.client, task)
  await ctl('apply', '-f', file)
  try {
    let containerId = await running
    for (let i = 0; i < runs; i++) {
      docker.push(await dockerRestart(await freePort()))
      const round = await heliosRestart(opts.client, task, containerId)
      helios.push(round.ms)
      containerId = round.containerId
    }
  } finally {
    await ctl('delete', '-f', file)
  }
  const base = median(docker)
  const row = (subject: string, xs: number[]): Row => ({
    benchmark: 'restart after docker kill',
    subject,
    medianMs: median(xs),
    p90Ms: percentile(xs, 90),
    runs: xs.length,
    ratio: median(xs) / base,
  })
  return [row('docker --restart=always, process killed (peer)', docker), row('docker kill -> Task RUNNING', helios)]
}

async function waitTaskRunning(client: HeliosClient, task: string, not?: string, timeoutMs = 60_000) {
  const signal = AbortSignal.timeout(timeoutMs)
  const t = await watchTask(client, task, (t) => t.status?.state === 'RUNNING' && t.status.containerId !== not, signal)
  return t.status?.containerId ?? ''
}

/** From `docker kill` until the agent has reported the Task RUNNING in a new container. */
async function heliosRestart(client: HeliosClient, task: string, containerId: string) {
  const back = waitTaskRunning(client, task, containerId)
  const start = process.hrtime.bigint()
  await mustRun('docker', ['kill', containerId])
  const next = await back
  return { ms: elapsedMs(start), containerId: next }
}

/**
 * From the death of the container's process until the engine has started the same container again.
 * Docker treats `docker kill` as a deliberate stop and never restarts it (checked on 20.10), so the
 * peer's own container process is SIGKILLed instead: the crash its restart policy exists for.
 */
async function dockerRestart(port: number): Promise<number> {
  const id = (await mustRun('docker', ['run', '-d', '--init', '--restart=always', '-p', `${port}:80`, IMAGE])).trim()
  const pid = Number((await mustRun('docker', ['inspect', '-f', '{{.State.Pid}}', id])).trim())
  const started = await engineEvent(id, 'start')
  try {
    const start = process.hrtime.bigint()
    process.kill(pid, 'SIGKILL')
    await Promise.race([started.next, timeout(30_000, `docker to restart ${id}`)])
    return elapsedMs(start)
  } finally {
    started.close()
    await run('docker', ['rm', '-f', id])
  }
}

const timeout = (ms: number, what: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())

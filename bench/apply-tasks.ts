/** @module Helios side of the many-container benchmarks: apply N one-Task Deployments, time until all RUNNING, delete them again. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HeliosClient } from '../client/index.js'
import { IMAGE } from './manifest.js'
import { elapsedMs, mustRun } from './run.js'
import { taskEvents } from './watch.js'

/** N Jobs `<prefix>-<i>:v1`, each placed on `host` by a Deployment `<prefix>-<i>`, written to one manifest file. */
export interface TaskBatch {
  client: HeliosClient
  cli: string[]
  prefix: string
  count: number
  file: string
}

export function taskBatch(opts: {
  client: HeliosClient
  cli: string[]
  host: string
  prefix: string
  count: number
  /** Publish port 80 on a dynamic host port, as the compose and Swarm peers do. */
  publish: boolean
}): TaskBatch {
  const file = join(mkdtempSync(join(tmpdir(), 'helios-bench-')), `${opts.prefix}.yaml`)
  writeFileSync(file, manifests(opts.prefix, opts.host, opts.count, opts.publish))
  return { client: opts.client, cli: opts.cli, prefix: opts.prefix, count: opts.count, file }
}

const ctl = (b: TaskBatch, ...args: string[]) => mustRun(b.cli[0] ?? 'node', [...b.cli.slice(1), ...args])
const ours = (b: TaskBatch, name: string) => name.startsWith(`${b.prefix}-`)

/** From `heliosctl apply -f` until every Task of the batch is RUNNING (seen through a watch opened first). */
export async function applyUntilRunning(b: TaskBatch, timeoutMs = 300_000): Promise<number> {
  const abort = new AbortController()
  const running = waitAllRunning(b, AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]))
  try {
    const start = process.hrtime.bigint()
    await ctl(b, 'apply', '-f', b.file)
    await running
    return elapsedMs(start)
  } finally {
    abort.abort()
    await running.catch(() => {})
  }
}

/** Deletes the batch and waits until its Tasks and their containers are gone. */
export async function deleteUntilGone(b: TaskBatch, timeoutMs = 300_000): Promise<void> {
  await ctl(b, 'delete', '-f', b.file)
  const deadline = Date.now() + timeoutMs
  const left = async () =>
    (await b.client.list('Task')).items.filter((t) => ours(b, t.metadata.name)).length +
    (await mustRun('docker', ['ps', '-aq', '--filter', `name=helios-${b.prefix}-`])).trim().split('\n').filter(Boolean)
      .length
  for (let n = await left(); n > 0; n = await left()) {
    if (Date.now() > deadline) throw new Error(`${n} Tasks or containers of ${b.prefix} are still there`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/**
 * Counts RUNNING Tasks of the batch from watch events; a list every second is the backstop should the
 * watch miss the start (it is opened while `heliosctl` boots, so in practice it never does).
 */
async function waitAllRunning(b: TaskBatch, signal: AbortSignal): Promise<void> {
  const states = new Map<string, string | undefined>()
  const allRunning = () => [...states.values()].filter((s) => s === 'RUNNING').length >= b.count
  const watched = (async () => {
    for await (const { type, task } of taskEvents(b.client, { signal })) {
      if (!ours(b, task.metadata.name)) continue
      states.set(task.metadata.name, type === 'DELETED' ? undefined : task.status?.state)
      if (allRunning()) return
    }
  })()
  watched.catch(() => {})
  const listed = (async () => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000))
      signal.throwIfAborted()
      const tasks = (await b.client.list('Task')).items.filter((t) => ours(b, t.metadata.name))
      if (tasks.filter((t) => t.status?.state === 'RUNNING').length >= b.count) return
    }
  })()
  listed.catch(() => {})
  await Promise.race([watched.then(() => (allRunning() ? undefined : listed)), listed])
  signal.throwIfAborted()
}

const manifests = (prefix: string, host: string, n: number, publish: boolean) =>
  Array.from(
    { length: n },
    (_, i) => `apiVersion: helios/v1
kind: Job
metadata: {name: "${prefix}-${i}:v1"}
spec: {image: ${IMAGE}, secondsToWaitBeforeKill: 1${publish ? ', ports: {http: {internalPort: 80}}' : ''}}
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: ${prefix}-${i}}
spec: {job: "${prefix}-${i}:v1", hosts: [${host}]}
`,
  ).join('---\n')

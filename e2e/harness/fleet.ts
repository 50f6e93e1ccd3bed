// Fleet scenarios read the HTTP API directly (as a dashboard would) and sample it while a rollout runs.
import { heliosctl } from './heliosctl.js'
import type { ExecResult } from './process.js'
import { sleep, waitFor } from './wait.js'

/** The parts of objects fleet scenarios look at (see apis/). */
export interface TaskView {
  metadata: { name: string }
  spec: { host: string; job: string; jobId: string; deployment: string }
  status?: { state?: string; jobId?: string; containerId?: string; exitCode?: number; containerError?: string }
}
export interface DeploymentView {
  metadata: { name: string; generation?: number }
  spec: { job: string }
  status?: {
    observedGeneration?: number
    hosts?: string[]
    rollout?: {
      state: string
      job: string
      reason: string
      revision: number
      done: string[]
      inProgress: Record<string, string>
      pending: string[]
      failed: string[]
      message?: string
      revertedFrom?: string
    }
    revisions?: { revision: number; job: string; outcome?: string }[]
    replicas?: { desired: number; placed: number; running: number; pending: number; message?: string }
  }
}

const plural = { Task: 'tasks', Deployment: 'deployments', Host: 'hosts', Job: 'jobs' } as const

export async function listObjects<T>(server: string, kind: keyof typeof plural): Promise<T[]> {
  const res = await fetch(`${server}/apis/helios/v1/${plural[kind]}`)
  if (!res.ok) throw new Error(`GET ${plural[kind]}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { items: T[] }).items
}

export async function getObject<T>(server: string, kind: keyof typeof plural, name: string): Promise<T | undefined> {
  const res = await fetch(`${server}/apis/helios/v1/${plural[kind]}/${encodeURIComponent(name)}`)
  if (res.status === 404) return undefined
  if (!res.ok) throw new Error(`GET ${plural[kind]}/${name}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** `heliosctl apply -f -` of a YAML text; fails the scenario with heliosctl's stderr when it exits non-zero. */
export async function applyYaml(server: string, yaml: string): Promise<ExecResult> {
  const out = await heliosctl(['apply', '-f', '-'], { server, stdin: yaml })
  if (out.code !== 0) throw new Error(`heliosctl apply exited ${out.code}: ${out.stderr}`)
  return out
}

export interface Snapshot {
  at: number
  deployment?: DeploymentView
  tasks: TaskView[]
}

/** Samples a Deployment and its Tasks every `intervalMs` until stopped; returns every sample. */
export function sampleFleet(server: string, deployment: string, intervalMs = 100): { stop(): Promise<Snapshot[]> } {
  const samples: Snapshot[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const [d, tasks] = await Promise.all([
        getObject<DeploymentView>(server, 'Deployment', deployment),
        listObjects<TaskView>(server, 'Task'),
      ]).catch(() => [undefined, []] as const)
      samples.push({ at: Date.now(), deployment: d, tasks: tasks.filter((t) => t.spec.deployment === deployment) })
      await sleep(intervalMs)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return samples
    },
  }
}

/** Hosts in the order they first appear in the samples' status.rollout.inProgress, and the most seen at once. */
export function rolloutOrder(samples: Snapshot[]): { order: string[]; maxInProgress: number } {
  const order: string[] = []
  let maxInProgress = 0
  for (const s of samples) {
    const hosts = Object.keys(s.deployment?.status?.rollout?.inProgress ?? {})
    maxInProgress = Math.max(maxInProgress, hosts.length)
    for (const h of hosts) if (!order.includes(h)) order.push(h)
  }
  return { order, maxInProgress }
}

/** The Deployment's rollout once it has settled (DONE or FAILED for the current generation). */
export function settledRollout(server: string, name: string, timeoutMs = 90_000): Promise<DeploymentView> {
  return waitFor(
    async () => {
      const d = await getObject<DeploymentView>(server, 'Deployment', name)
      const r = d?.status?.rollout
      const current = d?.status?.observedGeneration === d?.metadata.generation
      if (current && r && (r.state === 'DONE' || r.state === 'FAILED')) return d
      throw new Error(`status ${JSON.stringify(d?.status)}`)
    },
    { timeoutMs, intervalMs: 200, what: `deployment ${name} to settle` },
  )
}

/** @module Benchmark: N containers on one host, apply → all RUNNING, next to `docker-compose up -d` and a Swarm service of N replicas. */
import type { HeliosClient } from '../client/index.js'
import { applyUntilRunning, deleteUntilGone, taskBatch } from './apply-tasks.js'
import { timeComposeUp } from './peers-compose.js'
import { type Swarm, timeSwarmService } from './peers-swarm.js'
import { type Row, rowsAgainstHelios, type Skipped } from './stats.js'

const HELIOS = 'heliosctl apply -> all RUNNING'
const COMPOSE = 'docker-compose up -d --scale'
const SWARM = 'docker service create --replicas'

/**
 * `runs` rounds; each round runs Helios, then compose, then Swarm, so machine noise hits all alike. Every
 * subject publishes port 80 of each container on a dynamic host port and runs docker-init as PID 1.
 * `swarm` / `compose` are either usable or the reason they are skipped.
 */
export async function benchFiftyContainers(opts: {
  client: HeliosClient
  host: string
  cli: string[]
  containers: number
  runs: number
  swarm: Swarm | string
  compose: true | string
}): Promise<{ rows: Row[]; skipped: Skipped[] }> {
  const n = opts.containers
  const helios: number[] = []
  const compose: number[] = []
  const swarm: number[] = []
  const tag = `${process.pid}r`
  for (let i = 0; i < opts.runs; i++) {
    const batch = taskBatch({ ...opts, prefix: `bench-many-${tag}${i}`, count: n, publish: true })
    try {
      helios.push(await applyUntilRunning(batch))
    } finally {
      await deleteUntilGone(batch)
    }
    if (opts.compose === true) compose.push(await timeComposeUp(`benchmany${tag}${i}`, n))
    if (typeof opts.swarm !== 'string') swarm.push(await timeSwarmService(`bench-many-${tag}${i}`, n))
  }
  const skipped: Skipped[] = []
  if (typeof opts.compose === 'string') skipped.push({ subject: COMPOSE, why: opts.compose })
  if (typeof opts.swarm === 'string') skipped.push({ subject: SWARM, why: opts.swarm })
  const rows = rowsAgainstHelios(`${n} containers, one host`, HELIOS, [
    [COMPOSE, compose],
    [SWARM, swarm],
    [HELIOS, helios],
  ])
  return { rows, skipped }
}

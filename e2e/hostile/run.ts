/** @module The bounded hostile run: one request at a time from a printed seed, each judged on what it changed. */
import { appendFileSync } from 'node:fs'
import fc from 'fast-check'
import { sleep } from '../harness.js'
import { judge } from './judge.js'
import { describeRequest, type HostileRequest, hostileRequest } from './requests.js'
import type { Writer } from './role-table.js'
import { type SeedCall, seedMissing } from './seed.js'
import { sendHostile } from './send.js'
import { describeChanges, diff, takeSnapshot } from './snapshot.js'
import { USERS } from './targets.js'

export interface HostileTarget {
  label: string
  url: string
  port: number
  /** open: no --token-file, anonymous may do anything; token: the role table applies. */
  mode: 'open' | 'token'
  seedCall: SeedCall
  /** Processes that are no longer running, e.g. `apiserver … exited (exit code 1)`; checked after every request. */
  dead(): string[]
}

export interface RunLimits {
  seed: number
  budgetMs: number
  maxRequests: number
  streamMs?: number
  timeoutMs?: number
  /** A file to append one line per request to (`#i status request`). */
  trace?: string
}

export interface RunSummary {
  requests: number
  /** Replies by status class (`2xx`, `4xx`, …) and streams cut after `streamMs`. */
  replies: Record<string, number>
  /** Changes each credential label caused (and the oracle allowed). */
  changesBy: Record<string, number>
  reseeds: number
}

/** An integer setting from the environment (HOSTILE_SEED, HOSTILE_SECONDS…), or `fallback`; anything else throws. */
export function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${text}: give a whole number`)
  return value
}

/** Runs requests until the budget or the cap is spent; throws at the first step the judge or liveness finds wrong. */
export async function hostileRun(target: HostileTarget, limits: RunLimits): Promise<RunSummary> {
  const { seed, budgetMs, maxRequests } = limits
  const adminAuth = target.mode === 'token' ? `Bearer ${USERS.admin.token}` : undefined
  const snapshot = () => takeSnapshot(target.url, adminAuth)
  const arbitrary = hostileRequest(target.port)
  const summary: RunSummary = { requests: 0, replies: {}, changesBy: {}, reseeds: 0 }
  const deadline = Date.now() + budgetMs
  let before = await snapshot()
  for (let i = 0; i < maxRequests && Date.now() < deadline; i++) {
    // Attacks need targets: what an admin deleted is made again, outside any judged step.
    if ((await seedMissing(target.seedCall, target.mode === 'open', before)).written.length > 0) {
      summary.reseeds++
      before = await snapshot()
    }
    const request = fc.sample(arbitrary, { seed: (seed + i) | 0, numRuns: 1 })[0] as HostileRequest
    const reply = await sendHostile(target.port, request, {
      streamMs: limits.streamMs ?? 100,
      timeoutMs: limits.timeoutMs ?? 15_000,
    })
    const dead = target.dead()
    const after = dead.length > 0 ? before : await snapshot()
    const changes = diff(before, after)
    const problems = [
      ...dead.map((d) => `process gone: ${d}`),
      ...judge({ request, reply, writers: writersOf(target.mode, request), before, changes }),
    ]
    if (limits.trace) appendFileSync(limits.trace, `#${i} ${reply.status} ${describeRequest(request).slice(0, 400)}\n`)
    if (problems.length > 0) {
      // Whether the store was still moving after the reply (a write finishing late would be misattributed).
      await sleep(1000)
      const late = dead.length > 0 ? [] : diff(after, await snapshot())
      const replay = `HOSTILE_SEED=${seed} (request #${i}, sample seed ${(seed + i) | 0})`
      throw new Error(
        [
          `hostile client against the ${target.label}: request #${i} broke a rule; replay with ${replay}`,
          `  ${describeRequest(request)}`,
          `  → ${reply.status} ${reply.contentType} ${reply.error ?? ''} ${reply.text.slice(0, 600)}`,
          'problems:',
          ...problems.map((p) => `  - ${p}`),
          'changes:',
          describeChanges(changes) || '  (none)',
          'changes in the second after the reply:',
          describeChanges(late) || '  (none)',
        ].join('\n'),
      )
    }
    count(summary, request, reply.streamed ? 'stream' : `${Math.floor(reply.status / 100)}xx`, changes.length)
    before = after
  }
  return summary
}

function count(summary: RunSummary, request: HostileRequest, replyClass: string, changes: number): void {
  summary.requests++
  summary.replies[replyClass] = (summary.replies[replyClass] ?? 0) + 1
  if (changes > 0)
    summary.changesBy[request.credential.label] = (summary.changesBy[request.credential.label] ?? 0) + changes
}

/** Whom the apiserver may take the writer for: anyone on the open API; else every user whose token the header carries. */
export function writersOf(mode: 'open' | 'token', request: HostileRequest): Writer[] {
  if (mode === 'open') return [{ mode: 'open' }]
  const values = [request.credential.authorization ?? []].flat()
  const users = Object.values(USERS).filter((u) => values.some((v) => v.includes(u.token)))
  return users.length > 0
    ? users.map((u) => ({ mode: 'token', user: { name: u.name, role: u.role } }))
    : [{ mode: 'token' }]
}

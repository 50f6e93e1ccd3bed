// Issue 13 acceptance: a hostile client against the token apiserver and the open one (real ZooKeeper, no
// controllers, so only its requests write). Random paths, verbs, bodies, names, content types and tokens, one request
// at a time from a printed seed; after each: no process exited, no 5xx, a refused request changed nothing, and every
// change is one the writer's role may make (role-table.ts). Budget: HOSTILE_SECONDS per apiserver (default 40),
// HOSTILE_MAX_REQUESTS; replay a failure with the HOSTILE_SEED it prints (HOSTILE_TRACE=file logs every request).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type ApiserverHandle, startApiserver, startZooKeeper, type ZooKeeperHandle, zkRuok } from '../harness.js'
import { type HostileTarget, hostileRun, intFromEnv, type RunSummary } from './run.js'
import { fetchCall, seedMissing } from './seed.js'
import { tokenFile } from './targets.js'

const SECONDS = intFromEnv('HOSTILE_SECONDS', 40)
const MAX_REQUESTS = intFromEnv('HOSTILE_MAX_REQUESTS', 20_000)
const SEED = intFromEnv('HOSTILE_SEED', Math.floor(Math.random() * 2 ** 31))
const TEST_MS = SECONDS * 1000 + 90_000

let zk: ZooKeeperHandle
let tokenApi: ApiserverHandle
let openApi: ApiserverHandle
let dir: string

beforeAll(async () => {
  console.log(`hostile client seed ${SEED} (replay: HOSTILE_SEED=${SEED}), ${SECONDS} s per apiserver`)
  dir = mkdtempSync(join(tmpdir(), 'helios-hostile-'))
  const file = join(dir, 'tokens.csv')
  writeFileSync(file, tokenFile())
  zk = await startZooKeeper()
  const extraArgs = ['--no-controllers']
  tokenApi = await startApiserver({ zk: zk.connect, extraArgs: [...extraArgs, '--token-file', file] })
  openApi = await startApiserver({ zk: zk.connect, extraArgs })
})
afterAll(async () => {
  await tokenApi?.stop()
  await openApi?.stop()
  await zk?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Both apiservers are checked after every request, whichever one is under attack. */
const dead = (): string[] =>
  [tokenApi, openApi]
    .filter((a) => !a.running)
    .map((a) => `apiserver ${a.url} ${a.exitStatus}; its log:\n${a.tail(30)}`)

async function attack(api: ApiserverHandle, mode: 'open' | 'token'): Promise<RunSummary> {
  const target: HostileTarget = {
    label: `${mode} apiserver ${api.url}`,
    url: api.url,
    port: api.port,
    mode,
    seedCall: fetchCall(api.url),
    dead,
  }
  const seeded = await seedMissing(target.seedCall, mode === 'open')
  expect(seeded.failed, 'seeding').toEqual([])
  const summary = await hostileRun(target, {
    seed: SEED,
    budgetMs: SECONDS * 1000,
    maxRequests: MAX_REQUESTS,
    trace: process.env.HOSTILE_TRACE && `${process.env.HOSTILE_TRACE}.${mode}`,
  })
  console.log(`${target.label}: ${JSON.stringify(summary)}`)
  expect(dead()).toEqual([])
  expect((await fetch(`${api.url}/readyz`)).status).toBe(200)
  return summary
}

/** Changes caused under credential labels starting with `who` (e.g. `h1` and `h1 trailing space`). */
const changesOf = (s: RunSummary, who: string): number =>
  Object.entries(s.changesBy)
    .filter(([label]) => label === who || label.startsWith(`${who} `))
    .reduce((n, [, c]) => n + c, 0)

test(
  'token apiserver: no role writes beyond its table, no refused write is stored, nothing crashes',
  async () => {
    const summary = await attack(tokenApi, 'token')
    // The oracle must have judged real writes of every writing role, or the run proved little.
    for (const who of ['admin', 'deployer']) expect(changesOf(summary, who), who).toBeGreaterThan(0)
    expect(changesOf(summary, 'h1') + changesOf(summary, 'h2'), 'agents').toBeGreaterThan(0)
  },
  TEST_MS,
)

test(
  'open apiserver: anonymous writes are served, but no refused or cross-site write is stored and nothing crashes',
  async () => {
    const summary = await attack(openApi, 'open')
    expect(Object.values(summary.changesBy).reduce((n, c) => n + c, 0)).toBeGreaterThan(0)
    expect(await zkRuok(zk.port)).toBe(true)
  },
  TEST_MS,
)

/**
 * @module The apiserver's write path against a private real ZooKeeper: ZooKeeper transactions (zxid delta) per apply
 * of a new Job and per Task status step through the HTTP API, and apply throughput/p50/p99 at 20 clients next to raw
 * ZooKeeper creates. Run: `npx tsx bench/write-path.ts [applies=400] [concurrency=20]` (issue 15, "writes gathered").
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { HeliosClient } from '../client/index.js'
import { freePort } from '../e2e/harness/net.js'
import { startZooKeeper } from '../e2e/harness/zookeeper.js'
import { zkZxid } from './hollow.js'
import { elapsedMs } from './run.js'
import { percentile } from './stats.js'
import { zkCreateThroughput } from './zk-baseline.js'

const [applies = 400, concurrency = 20] = process.argv.slice(2).map(Number)
const SEQUENTIAL = 40
const STATES = ['PULLING_IMAGE', 'CREATING', 'STARTING', 'RUNNING', 'EXITED'] as const

const job = (name: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name, labels: { bench: 'write-path' } },
  spec: { image: 'busybox:latest', env: { BENCH: name } },
})

const task = (name: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name },
  spec: {
    host: 'h1',
    deployment: name.split('@')[0],
    job: 'wp:v1',
    jobId: 'wp:v1:abc',
    jobSpec: { image: 'busybox' },
    goal: 'START',
  },
})

/** The TaskState Event an agent sends after each status step (agent/task-events.ts), as it is sent today. */
const stateEvent = (taskName: string, state: string, at: number, n: number) => ({
  apiVersion: 'helios/v1',
  kind: 'Event',
  metadata: { name: `${taskName.replace('@', '.')}.${at}.${n}` },
  involvedObject: { kind: 'Task', name: taskName },
  type: 'Normal',
  reason: 'TaskState',
  message: state,
  source: { component: 'agent', host: 'h1' },
  timestamp: new Date(at).toISOString(),
  task: { host: 'h1', job: 'wp:v1', jobId: 'wp:v1:abc', state, throttled: 'NO' },
})

async function zxid(zk: string): Promise<number> {
  const z = await zkZxid(zk)
  if (z === undefined) throw new Error('ZooKeeper did not answer srvr')
  return z
}

/** Transactions ZooKeeper committed while `body` ran, per `count`. */
async function perOp(zk: string, count: number, body: () => Promise<void>): Promise<number> {
  const before = await zxid(zk)
  await body()
  // Lazy work (event history trims) may land just after the replies.
  await new Promise((resolve) => setTimeout(resolve, 300))
  return ((await zxid(zk)) - before) / count
}

/** CPU time (user + system) the process has used, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

async function startApiserver(zk: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'apiserver/main.ts',
      '--zk',
      zk,
      '--port',
      String(port),
      '--log-level',
      'warn',
      '--no-controllers',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  )
  const deadline = Date.now() + 60_000
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) return child
    if (Date.now() > deadline) throw new Error('the apiserver did not become ready')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function main(): Promise<void> {
  const zk = await startZooKeeper()
  const port = await freePort()
  const apiserver = await startApiserver(zk.connect, port)
  const client = new HeliosClient(`http://127.0.0.1:${port}`)
  const run = Date.now().toString(36)
  try {
    const sequentialApply = await perOp(zk.connect, SEQUENTIAL, async () => {
      for (let i = 0; i < SEQUENTIAL; i++) await client.apply(job(`seq-${run}-${i}:v1`))
    })
    const unchangedApply = await perOp(zk.connect, SEQUENTIAL, async () => {
      for (let i = 0; i < SEQUENTIAL; i++) await client.apply(job(`seq-${run}-${i}:v1`))
    })
    const taskName = `wp${run}@h1`
    await client.create('Task', task(taskName))
    let at = Date.now()
    const statusOnly = await perOp(zk.connect, SEQUENTIAL, async () => {
      for (let i = 0; i < SEQUENTIAL; i++) {
        const status = { state: STATES[i % STATES.length], updatedAt: new Date(++at).toISOString() }
        await client.updateStatus('Task', { ...task(taskName), status } as never)
      }
    })
    const statusAndEvent = await perOp(zk.connect, SEQUENTIAL, async () => {
      for (let i = 0; i < SEQUENTIAL; i++) {
        const state = STATES[i % STATES.length] as string
        const status = { state, updatedAt: new Date(++at).toISOString() }
        await Promise.all([
          client.updateStatus('Task', { ...task(taskName), status } as never),
          client.create('Event', stateEvent(taskName, state, at, i)),
        ])
      }
    })
    // The same step as one request: the status write stores its TaskState Event with it (?event=true).
    const statusWithEvent = await perOp(zk.connect, SEQUENTIAL, async () => {
      for (let i = 0; i < SEQUENTIAL; i++) {
        const status = { state: STATES[i % STATES.length], updatedAt: new Date(++at).toISOString() }
        const path = `/apis/helios/v1/tasks/${encodeURIComponent(taskName)}/status?event=true`
        await client.request('PUT', path, { ...task(taskName), status })
      }
    }).catch(() => Number.NaN)
    const latenciesMs: number[] = []
    let next = 0
    let seconds = 0
    const cpuBefore = cpuMs(apiserver.pid as number)
    const concurrentApply = await perOp(zk.connect, applies, async () => {
      const worker = async () => {
        while (next < applies) {
          const i = next++
          const start = process.hrtime.bigint()
          await client.apply(job(`par-${run}-${i}:v1`))
          latenciesMs.push(elapsedMs(start))
        }
      }
      const start = process.hrtime.bigint()
      await Promise.all(Array.from({ length: concurrency }, worker))
      seconds = elapsedMs(start) / 1000
    })
    const cpuPerApply = (cpuMs(apiserver.pid as number) - cpuBefore) / applies
    const raw = await zkCreateThroughput({ zk: zk.connect, count: applies, concurrency, bytes: 1024 })
    const rawRate = raw.ops / raw.seconds
    const rate = applies / seconds
    const lines = [
      `ZooKeeper transactions per apply of a new Job (sequential): ${sequentialApply.toFixed(2)}`,
      `ZooKeeper transactions per unchanged apply:                  ${unchangedApply.toFixed(2)}`,
      `ZooKeeper transactions per Task status write:                ${statusOnly.toFixed(2)}`,
      `ZooKeeper transactions per status step + its TaskState Event: ${statusAndEvent.toFixed(2)}`,
      `ZooKeeper transactions per status step with ?event=true:      ${statusWithEvent.toFixed(2)}`,
      `ZooKeeper transactions per apply at ${concurrency} clients:                ${concurrentApply.toFixed(2)}`,
      `apply x${concurrency}: ${rate.toFixed(0)}/s, p50 ${percentile(latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(latenciesMs, 99).toFixed(1)} ms`,
      `apiserver CPU per apply at ${concurrency} clients: ${cpuPerApply.toFixed(2)} ms`,
      `raw ZooKeeper create 1 KB x${concurrency}: ${rawRate.toFixed(0)}/s, p50 ${percentile(raw.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(raw.latenciesMs, 99).toFixed(1)} ms`,
      `apply / raw: ${(rate / rawRate).toFixed(2)}x`,
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    apiserver.kill('SIGTERM')
    await new Promise((resolve) => apiserver.once('exit', resolve))
    await zk.stop()
  }
}

await main()

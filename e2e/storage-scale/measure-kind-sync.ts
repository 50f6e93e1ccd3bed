/**
 * @module Measures ZkKindSync on a real ZooKeeper: one apiserver's store (the observer, this process) mirrors the
 * Tasks another (a child process) creates, 10,000 in a burst of 20 in flight; then single creates, deletes and updates
 * spaced apart. Prints time, ZooKeeper reads and names listed by the observer, and its CPU per change. Not a test:
 * `MEASURE_COUNT=10000 npx tsx e2e/storage-scale/measure-kind-sync.ts`.
 */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AnyObject } from '../../apis/index.js'
import { silentLog } from '../../apiserver/log.js'
import type { ZkOps } from '../../apiserver/storage/zk-ops.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { randomId, startZooKeeper } from '../harness.js'

const COUNT = Number(process.env.MEASURE_COUNT ?? 10_000)
const IN_FLIGHT = 20
const SINGLES = 100

const task = (i: number): AnyObject => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name: `deploy-${i % 10}@host-${Math.floor(i / 10)}`, labels: {}, annotations: {} },
  spec: { host: `host-${Math.floor(i / 10)}`, deployment: `deploy-${i % 10}`, job: 'web:v1', filler: 'x'.repeat(800) },
})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The child: writes through its own store and reports each phase's end. */
async function writer(connect: string, root: string): Promise<void> {
  const store = new ZooKeeperStore({ connect, root, log: silentLog })
  await store.start()
  const send = (msg: unknown) => process.send?.(msg)
  process.on('message', async (msg: string) => {
    if (msg === 'burst') {
      let next = 0
      const started = performance.now()
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < COUNT) await store.create(task(next++))
        }),
      )
      send({ done: 'burst', ms: performance.now() - started })
    } else if (msg === 'creates' || msg === 'deletes' || msg === 'updates') {
      for (let i = 0; i < SINGLES; i++) {
        const name = task(msg === 'updates' ? i : COUNT + i).metadata.name
        if (msg === 'creates') await store.create(task(COUNT + i))
        else if (msg === 'deletes') await store.delete('Task', name)
        else {
          const current = await store.get('Task', name)
          await store.update({ ...current, spec: { ...(current.spec as object), round: i } })
        }
        await sleep(150)
      }
      send({ done: msg })
    } else if (msg === 'exit') {
      await store.close()
      process.exit(0)
    }
  })
  send({ done: 'ready' })
}

async function observer(): Promise<void> {
  const zk = await startZooKeeper()
  const root = `/measure-${randomId()}`
  const requests = new Map<string, number>()
  const store = new ZooKeeperStore({
    connect: zk.connect,
    root,
    log: silentLog,
    onRequest: (op) => requests.set(op, (requests.get(op) ?? 0) + 1),
  })
  // Count the names every children list carries (the packet size the layout is about).
  const ops = (store as unknown as { ops: ZkOps }).ops
  let namesListed = 0
  const getChildren = ops.getChildren.bind(ops)
  ops.getChildren = async (path, watcher) => {
    const result = await getChildren(path, watcher)
    namesListed += result.children.length
    return result
  }
  await store.start()
  const child = fork(fileURLToPath(import.meta.url), ['writer', zk.connect, root], { execArgv: ['--import', 'tsx'] })
  const phases = new Map<string, (msg: { ms?: number }) => void>()
  child.on('message', (msg: { done: string; ms?: number }) => phases.get(msg.done)?.(msg))
  const phase = (name: string) => new Promise<{ ms?: number }>((resolve) => phases.set(name, resolve))
  const ready = phase('ready')
  await ready
  // ZooKeeper's own CPU (utime + stime in clock ticks of 10 ms), which serves every children list.
  const zkPid = readFileSync(join(zk.dir, 'zk.pid'), 'utf8').trim()
  const zkCpuMs = () => {
    const fields = readFileSync(`/proc/${zkPid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) * 10
  }
  const snapshot = () => ({
    requests: new Map(requests),
    names: namesListed,
    cpu: process.cpuUsage(),
    zkCpu: zkCpuMs(),
  })
  const delta = (before: ReturnType<typeof snapshot>) => {
    const cpu = process.cpuUsage(before.cpu)
    const reqs = [...requests].map(([op, n]) => `${op} ${n - (before.requests.get(op) ?? 0)}`).join(', ')
    return {
      cpuMs: (cpu.user + cpu.system) / 1000,
      reqs,
      names: namesListed - before.names,
      zkMs: zkCpuMs() - before.zkCpu,
    }
  }

  const tasks = () => (store as unknown as { syncs: Map<string, { cache: { size: number } }> }).syncs.get('Task')
  const before = snapshot()
  const started = performance.now()
  const burst = phase('burst')
  child.send('burst')
  const written = await burst
  while ((tasks()?.cache.size ?? 0) < COUNT) await sleep(5)
  const synced = performance.now() - started
  const b = delta(before)
  console.log(
    `burst: ${COUNT} Tasks written in ${written.ms?.toFixed(0)} ms, synced by the observer in ${synced.toFixed(0)} ms`,
  )
  console.log(
    `  observer: ${b.reqs}; names listed ${b.names}; CPU ${b.cpuMs.toFixed(0)} ms; ZooKeeper CPU ${b.zkMs} ms`,
  )

  const idle = snapshot()
  await sleep(2_000)
  const idleCpu = delta(idle).cpuMs / 2_000

  console.log(`single changes at ${COUNT} Tasks, ${SINGLES} of each, 150 ms apart (idle CPU subtracted):`)
  for (const kind of ['creates', 'deletes', 'updates']) {
    const single = snapshot()
    const singlesStarted = performance.now()
    const done = phase(kind)
    child.send(kind)
    await done
    await sleep(300)
    const s = delta(single)
    const cpu = (s.cpuMs - idleCpu * (performance.now() - singlesStarted)) / SINGLES
    console.log(
      `  ${kind}: ${s.reqs}; ${(s.names / SINGLES).toFixed(0)} names listed and ${cpu.toFixed(2)} ms CPU per change; ZooKeeper CPU ${s.zkMs} ms in all`,
    )
  }
  child.send('exit')
  // A fresh apiserver on the same root: its first sync of every kind.
  let coldRequests = 0
  const cold = new ZooKeeperStore({ connect: zk.connect, root, log: silentLog, onRequest: () => coldRequests++ })
  const coldCpu = process.cpuUsage()
  const coldStarted = performance.now()
  await cold.start()
  const coldMs = performance.now() - coldStarted
  const coldUsage = process.cpuUsage(coldCpu)
  console.log(
    `cold start on ${COUNT} Tasks: ready in ${coldMs.toFixed(0)} ms, ${coldRequests} ZooKeeper requests, CPU ${((coldUsage.user + coldUsage.system) / 1000).toFixed(0)} ms`,
  )
  await cold.close()
  await store.close()
  await zk.stop()
  process.exit(0)
}

if (process.argv[2] === 'writer') await writer(process.argv[3] as string, process.argv[4] as string)
else await observer()

/**
 * @module Measures the agent's writes per Task in one process: a hollow fleet against createApp + MemoryStore on port 0,
 * counting status and Event writes from placement to RUNNING (run: `npx tsx bench/agent-status-writes.ts [agents] [tasks] [startMs]`).
 */
import type { AddressInfo } from 'node:net'
import { startHollowFleet } from '../agent/hollow-fleet.js'
import { makeTask } from '../agent/testing/tasks.js'
import type { AnyObject, TaskStatus } from '../apis/index.js'
import { createApp } from '../apiserver/app.js'
import { MemoryStore } from '../apiserver/storage/memory-store.js'
import { HeliosClient } from '../client/index.js'

export interface StatusWriteCounts {
  tasks: number
  statusWrites: number
  eventWrites: number
  otherWrites: number
  /** The Task creates (the controller's part), status writes and Event writes together, per Task. */
  storeWritesPerTask: number
  allRunningMs: number
}

/** `agents` hollow agents with `tasksPerAgent` Tasks each, created at once; counts the store's writes until all run. */
export async function measureStatusWrites(agents: number, tasksPerAgent: number, startMs: number) {
  const store = new MemoryStore()
  const writes = { Task: 0, TaskStatus: 0, Event: 0, other: 0 }
  // Host creates, heartbeats and their Events are the registrar's: counted apart, under `other`.
  const create = store.create.bind(store)
  const update = store.update.bind(store)
  store.create = (obj: AnyObject, opts) => {
    if (obj.kind === 'Task') writes.Task++
    else if (obj.kind === 'Event' && (obj as { involvedObject?: { kind?: string } }).involvedObject?.kind === 'Task')
      writes.Event++
    else writes.other++
    return create(obj, opts)
  }
  store.update = (obj: AnyObject, opts) => {
    if (obj.kind === 'Task') writes.TaskStatus++
    else writes.other++
    return update(obj, opts)
  }
  const server = createApp({ store }).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new HeliosClient(url)
  const fleet = await startHollowFleet({
    client,
    namePrefix: 'm',
    hollow: { count: agents, startDelayMs: startMs, stopDelayMs: 0 },
    labels: {},
    portRange: { first: 20000, last: 20999 },
    agentVersion: '0.0.0',
    log: () => {},
  })
  const started = Date.now()
  const names: string[] = []
  for (const host of fleet.hostNames)
    for (let i = 0; i < tasksPerAgent; i++) {
      const task = makeTask(`d${i}`, { image: 'busybox' }, { host, job: `j${i}:v1` })
      const { resourceVersion: _rv, ...metadata } = task.metadata
      await client.create('Task', { ...task, metadata })
      names.push(task.metadata.name)
    }
  const running = async () => {
    const items = (await client.list('Task')).items
    return items.filter((t) => (t.status as TaskStatus | undefined)?.state === 'RUNNING').length
  }
  while ((await running()) < names.length) await new Promise((r) => setTimeout(r, 100))
  const allRunningMs = Date.now() - started
  // The Events follow their status asynchronously: let them land.
  await new Promise((r) => setTimeout(r, 1_500))
  await fleet.stop()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const tasks = names.length
  return {
    tasks,
    statusWrites: writes.TaskStatus,
    eventWrites: writes.Event,
    otherWrites: writes.other,
    storeWritesPerTask: (writes.Task + writes.TaskStatus + writes.Event) / tasks,
    allRunningMs,
  } satisfies StatusWriteCounts
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [agents = '20', tasks = '5', startMs = '200'] = process.argv.slice(2)
  const result = await measureStatusWrites(Number(agents), Number(tasks), Number(startMs))
  console.log(JSON.stringify(result))
  process.exit(0)
}

/** @module What the fleet benchmarks share: agents as child processes (hollow or real), Hosts UP and gone, ZooKeeper's zxid, a process's RSS. */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import type { HeliosClient } from '../client/index.js'

const agentMain = new URL('../agent/main.js', import.meta.url).pathname

export interface AgentProcess {
  readonly pid: number
  /** Why it exited, when it exited before stop(). */
  readonly died: string | undefined
  /** SIGTERM, then SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>
}

/** Starts `node dist/agent/main.js ...args`; its stderr's tail goes into the error if it exits on its own. */
export function spawnAgent(args: string[]): AgentProcess {
  const child: ChildProcess = spawn(process.execPath, [agentMain, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-2000)
  })
  let stopping = false
  let died: string | undefined
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping) died = `agent ${args.join(' ')} exited (${code ?? signal}): ${stderr.trim()}`
      resolve()
    }),
  )
  return {
    pid: child.pid ?? 0,
    get died() {
      return died
    },
    async stop() {
      stopping = true
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** `count` hollow agents in one child process, named `<prefix>-0 …`, each labelled `label`. */
export function spawnHollowFleet(o: {
  server: string
  token?: string
  count: number
  prefix: string
  label: string
  startMs?: number
  stopMs?: number
}): AgentProcess {
  const args = ['--runtime', 'hollow', '--hollow-count', String(o.count), '--name', o.prefix, '--server', o.server]
  args.push('--label', o.label)
  if (o.startMs !== undefined) args.push('--hollow-start-ms', String(o.startMs))
  if (o.stopMs !== undefined) args.push('--hollow-stop-ms', String(o.stopMs))
  if (o.token) args.push('--token', o.token)
  return spawnAgent(args)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls every 250 ms until `count` Hosts matching `labelSelector` are UP; returns the milliseconds it took. */
export async function waitHostsUp(
  client: HeliosClient,
  labelSelector: string,
  count: number,
  timeoutMs: number,
  agents: readonly AgentProcess[] = [],
): Promise<number> {
  const start = Date.now()
  for (;;) {
    const dead = agents.find((a) => a.died)
    if (dead) throw new Error(dead.died)
    const hosts = (await client.list('Host', { labelSelector })).items
    const up = hosts.filter((h) => h.status?.state === 'UP').length
    if (up >= count) return Date.now() - start
    if (Date.now() - start > timeoutMs)
      throw new Error(`only ${up} of ${count} hosts ${labelSelector} UP after ${timeoutMs} ms`)
    await sleep(250)
  }
}

/** Deletes every Host matching `labelSelector` (their agents already stopped), 20 at a time. */
export async function deleteHosts(client: HeliosClient, labelSelector: string): Promise<void> {
  const names = (await client.list('Host', { labelSelector })).items.map((h) => h.metadata.name)
  await inParallel(names, 20, (name) => client.delete('Host', name).then(() => {}))
}

export async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
}

/** ZooKeeper's last committed zxid (four-letter word `srvr`); its difference over a window counts the writes. */
export function zkZxid(zk: string): Promise<number | undefined> {
  const [host = '127.0.0.1', port = '2181'] = (zk.split(',')[0] ?? '').split(':')
  return new Promise((resolve) => {
    let out = ''
    const socket = connect({ host, port: Number(port) }, () => socket.end('srvr'))
    socket.setTimeout(3000, () => socket.destroy())
    socket.on('data', (d) => (out += d))
    socket.on('error', () => resolve(undefined))
    socket.on('close', () => resolve(parseZxid(out)))
  })
}

/** The `Zxid: 0x...` line of a `srvr` answer; the low 32 bits count the transactions of the current epoch. */
export function parseZxid(srvr: string): number | undefined {
  const m = /^Zxid: 0x([0-9a-f]+)$/im.exec(srvr)
  return m ? Number(BigInt(`0x${m[1]}`) & 0xffffffffn) : undefined
}

/** Resident memory of a live process in MiB, from /proc. */
export function rssMiB(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}/status`)) return undefined
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined // it exited between the two calls
  }
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  return m ? Number(m[1]) / 1024 : undefined
}

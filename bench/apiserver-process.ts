/** @module An apiserver the benchmark starts itself (`node dist/apiserver/main.js`) on its own ZooKeeper root: start, wait ready, SIGTERM, kill -9, restart. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { freePort } from './run.js'

const apiserverMain = new URL('../apiserver/main.js', import.meta.url).pathname

export interface ApiserverOptions {
  zk: string
  /** `--zk-root`: a run's own, so it never touches another cluster's objects. */
  zkRoot: string
  /** Its stdout and stderr (JSON log lines) go here. */
  logFile: string
  /** Listen here (a restart keeps its port); default a free one. */
  port?: number
  /** `--zk-session-timeout` seconds (the apiserver's default when absent). */
  zkSessionTimeout?: number
  /** Run under `node --cpu-prof`, writing `<name>.cpuprofile` into `dir` when it exits (not on kill -9). */
  cpuProfile?: { dir: string; name: string }
}

export interface ApiserverProcess {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** Why it exited, when it exited before stop() or kill9(). */
  readonly died: string | undefined
  /** SIGTERM (it stops its controllers, closes ZooKeeper, writes its CPU profile), SIGKILL after 15 s. */
  stop(): Promise<void>
  /** SIGKILL: no cleanup at all, its ZooKeeper session stays until ZooKeeper expires it. */
  kill9(): Promise<void>
}

/** Starts one and waits until `/readyz` answers 200 (the store is synced); stops it if it never does. */
export async function startApiserver(o: ApiserverOptions, readyTimeoutMs = 60_000): Promise<ApiserverProcess> {
  const apiserver = await spawnApiserver(o)
  try {
    await waitReady(apiserver, readyTimeoutMs)
  } catch (err) {
    await apiserver.stop()
    throw err
  }
  return apiserver
}

const HOLLOW_FLEET_PER_CLIENT = 100_000

/**
 * Starts one without waiting (a restart samples it from its first moment). Open on loopback, as `npm run solo`'s:
 * no tokens (the benchmark's clients and agents send none) and the default deny-all admission policy.
 */
export async function spawnApiserver(o: ApiserverOptions): Promise<ApiserverProcess> {
  const port = o.port ?? (await freePort())
  const args = [apiserverMain, '--port', String(port), '--host', '127.0.0.1', '--zk', o.zk, '--zk-root', o.zkRoot]
  // A hollow fleet is a thousand agents behind one address, which the per-client limit (keyed on the address of a
  // client without a token; a real agent is its own user) would count as one client. The total limit stays.
  args.push('--max-requests-inflight-per-client', String(HOLLOW_FLEET_PER_CLIENT))
  if (o.zkSessionTimeout !== undefined) args.push('--zk-session-timeout', String(o.zkSessionTimeout))
  const node = o.cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfile.dir}`, `--cpu-prof-name=${o.cpuProfile.name}.cpuprofile`]
    : []
  mkdirSync(dirname(o.logFile), { recursive: true })
  if (o.cpuProfile) mkdirSync(o.cpuProfile.dir, { recursive: true })
  const log = createWriteStream(o.logFile, { flags: 'a' })
  const child: ChildProcess = spawn(process.execPath, [...node, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  let ending = false
  let died: string | undefined
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!ending) died = `apiserver on port ${port} exited (${code ?? signal}); its log: ${o.logFile}`
      resolve()
    }),
  )
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    pid: child.pid ?? 0,
    get died() {
      return died
    },
    async stop() {
      ending = true
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
    async kill9() {
      ending = true
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** Polls `/readyz` every 100 ms until 200; fails at once when the process exits. */
export async function waitReady(apiserver: ApiserverProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (apiserver.died) throw new Error(apiserver.died)
    const ok = await fetch(`${apiserver.url}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    if (Date.now() > deadline) throw new Error(`apiserver ${apiserver.url} not ready after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Whether the apiserver at `url` runs the controllers now (`GET /leader`); false when it does not answer. */
export async function isLeader(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/leader`, { signal: AbortSignal.timeout(2000) })
    return res.ok && ((await res.json()) as { leader?: unknown }).leader === true
  } catch {
    return false
  }
}

// Helpers for e2e scenarios: real ZooKeeper, apiserver, agents, Docker and heliosctl as child processes.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const TEST_IMAGE = 'helios-test/busybox:latest'
export const E2E_LOG_ROOT = join(REPO_ROOT, '.e2e')
// Same classpath as scripts/lib.sh (ZK_JARS) plus the JVM.
const ZK_REQUIREMENTS = [
  '/usr/share/java/zookeeper.jar',
  '/usr/share/java/slf4j-log4j12.jar',
  '/usr/share/java/log4j-1.2.jar',
]

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

// ---------------------------------------------------------------- small utilities

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export function randomId(bytes = 3): string {
  return randomBytes(bytes).toString('hex')
}

/** A unique, DNS-safe agent name for a scenario, e.g. e2e-rollout-3fa9c1. */
export function agentName(scenario: string, suffix?: string): string {
  return [`e2e-${slug(scenario)}`, suffix && slug(suffix), randomId()].filter(Boolean).join('-')
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  )
}

/** The scenario name of the calling *.e2e.ts file (from the stack), used when none is given. */
export function callerScenario(fallback = 'misc'): string {
  const stack = new Error().stack ?? ''
  const m = /([\w.-]+)\.e2e\.[cm]?[jt]s\b/.exec(stack)
  return m?.[1] ? slug(m[1]) : fallback
}

export function scenarioLogDir(scenario: string): string {
  const dir = join(E2E_LOG_ROOT, slug(scenario))
  mkdirSync(dir, { recursive: true })
  return dir
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))))
    })
  })
}

export function tailFile(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return `(no log at ${file})`
  }
}

function show(v: unknown): string {
  if (v instanceof Error) return v.message
  try {
    const s = typeof v === 'string' ? v : JSON.stringify(v)
    return s === undefined ? String(v) : s.length > 500 ? `${s.slice(0, 500)}…` : s
  } catch {
    return String(v)
  }
}

/** Polls fn until it returns something other than undefined/false. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  opts: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<T> {
  const { timeoutMs, intervalMs = 250, what } = opts
  const deadline = Date.now() + timeoutMs
  let last = 'nothing yet'
  for (;;) {
    try {
      const v = await fn()
      if (v !== undefined && v !== false) return v as T
      last = `last value: ${show(v)}`
    } catch (err) {
      last = `last error: ${show(err)}`
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what} (${last})`)
    await sleep(intervalMs)
  }
}

/** Runs a command to completion; never throws on a non-zero exit (a timeout gives code 124). */
export function run(
  cmd: string,
  args: string[],
  opts: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<ExecResult> {
  return new Promise((done) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, opts.timeoutMs ?? 60_000)
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdin.on('error', () => {}) // the command may exit without reading stdin
    child.stdin.end(opts.stdin ?? '')
    child.on('error', (err) => {
      clearTimeout(timer)
      done({ code: 127, stdout, stderr: `${stderr}${cmd}: ${err.message}\n` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) stderr += `\n${cmd} ${args.join(' ')}: killed after ${opts.timeoutMs ?? 60_000}ms\n`
      done({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr })
    })
  })
}

export function docker(args: string[], opts: { timeoutMs?: number; stdin?: string } = {}): Promise<ExecResult> {
  return run('docker', args, opts)
}

/** GET with a 2 s timeout; undefined when nothing answers. */
export async function curl(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return { status: res.status, body: await res.text() }
  } catch {
    return undefined
  }
}

/** docker rm -f every container (running or not) carrying the label ("key" or "key=value"). */
export async function removeContainersByLabel(label: string): Promise<number> {
  const ps = await docker(['ps', '-aq', '--filter', `label=${label}`])
  if (ps.code !== 0) throw new Error(`docker ps --filter label=${label} failed: ${ps.stderr.trim()}`)
  const ids = ps.stdout.split(/\s+/).filter(Boolean)
  if (ids.length === 0) return 0
  const rm = await docker(['rm', '-f', ...ids])
  if (rm.code !== 0) throw new Error(`docker rm -f ${ids.join(' ')} failed: ${rm.stderr.trim()}`)
  return ids.length
}

// ---------------------------------------------------------------- cleanup if the test process dies

// One registry per process: vitest re-evaluates this module for each test file in the same fork.
const REGISTRY = Symbol.for('helios.e2e.cleanup')
type Registry = Set<() => void>
function cleanupRegistry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>
  let reg = g[REGISTRY]
  if (!reg) {
    const created: Registry = new Set()
    reg = created
    g[REGISTRY] = created
    process.once('exit', () => {
      for (const fn of created) {
        try {
          fn()
        } catch {
          // best effort
        }
      }
    })
  }
  return reg
}

function killPidFile(pidFile: string): void {
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  if (pid > 0) process.kill(pid, 'SIGKILL')
}

// ---------------------------------------------------------------- node processes (apiserver, agent)

class NodeProcess {
  private child: ChildProcess | undefined
  private exited: Promise<void> = Promise.resolve()
  private readonly killOnExit = () => this.child?.kill('SIGKILL')

  constructor(
    readonly label: string,
    readonly args: string[],
    readonly logFile: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined
  }

  get exitStatus(): string {
    if (!this.child) return 'not started'
    if (this.running) return 'running'
    return this.child.signalCode ? `signal ${this.child.signalCode}` : `exit code ${this.child.exitCode}`
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  start(): void {
    const main = this.args[0] ?? ''
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the e2e tests`)
    mkdirSync(dirname(this.logFile), { recursive: true })
    const fd = openSync(this.logFile, 'a')
    writeSync(fd, `\n===== ${new Date().toISOString()} start ${this.label}: node ${this.args.join(' ')}\n`)
    const child = spawn(process.execPath, this.args, { cwd: REPO_ROOT, env: this.env, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    this.child = child
    this.exited = new Promise((r) => child.once('exit', () => r()))
    child.once('error', (err) => {
      const f = openSync(this.logFile, 'a')
      writeSync(f, `harness: spawn failed: ${err.message}\n`)
      closeSync(f)
    })
    cleanupRegistry().add(this.killOnExit)
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return
    this.child?.kill('SIGTERM')
    const stopped = await Promise.race([this.exited.then(() => true), sleep(timeoutMs).then(() => false)])
    if (!stopped) await this.kill9()
    cleanupRegistry().delete(this.killOnExit)
  }

  async kill9(): Promise<void> {
    if (!this.running) return
    this.child?.kill('SIGKILL')
    await this.exited
    cleanupRegistry().delete(this.killOnExit)
  }

  tail(lines = 40): string {
    return tailFile(this.logFile, lines)
  }
}

function childEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra }
}

// ---------------------------------------------------------------- ZooKeeper

export interface ZooKeeperHandle {
  port: number
  /** host:port for --zk */
  connect: string
  dir: string
  /** Stops it and deletes its data. */
  stop(): Promise<void>
  /** SIGKILL, keeping the data dir (use restart() to bring it back with the same data). */
  kill9(): Promise<void>
  restart(): Promise<void>
}

/** Starts a private standalone ZooKeeper on a free port (scripts/zk-up.sh). Throws if it is not installed. */
export async function startZooKeeper(): Promise<ZooKeeperHandle> {
  const missing = ZK_REQUIREMENTS.filter((f) => !existsSync(f))
  if (missing.length > 0) {
    throw new Error(
      `ZooKeeper is not installed (missing ${missing.join(', ')}): run \`bash scripts/ensure-deps.sh\` as root ` +
        'or `apt-get install -y --no-install-recommends zookeeper`',
    )
  }
  const java = await run('java', ['-version'])
  if (java.code !== 0) throw new Error(`java does not run (needed by ZooKeeper): ${java.stderr.trim()}`)

  let lastError = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), `helios-e2e-zk-${port}-`))
    const pidFile = join(dir, 'zk.pid')
    const up = () => run('bash', [join(REPO_ROOT, 'scripts/zk-up.sh'), String(port), dir], { timeoutMs: 90_000 })
    const res = await up()
    if (res.code !== 0) {
      // Most likely the free port was taken meanwhile: try another.
      lastError = `${res.stdout}${res.stderr}`
      if (existsSync(pidFile)) await run('bash', [join(REPO_ROOT, 'scripts/zk-down.sh'), String(port), dir])
      rmSync(dir, { recursive: true, force: true })
      continue
    }
    const killOnExit = () => killPidFile(pidFile)
    cleanupRegistry().add(killOnExit)
    return {
      port,
      connect: `127.0.0.1:${port}`,
      dir,
      async stop() {
        await run('bash', [join(REPO_ROOT, 'scripts/zk-down.sh'), String(port), dir])
        cleanupRegistry().delete(killOnExit)
        rmSync(dir, { recursive: true, force: true })
      },
      async kill9() {
        if (!existsSync(pidFile)) return
        killPidFile(pidFile)
        await waitFor(async () => (await zkRuok(port)) === false, {
          timeoutMs: 10_000,
          what: `ZooKeeper on port ${port} to die`,
        })
      },
      async restart() {
        const again = await up()
        if (again.code !== 0) throw new Error(`zk-up.sh ${port} failed:\n${again.stdout}${again.stderr}`)
      },
    }
  }
  throw new Error(`could not start ZooKeeper (3 attempts); last output:\n${lastError}`)
}

/** true when ZooKeeper on 127.0.0.1:port answers ruok with imok. */
export async function zkRuok(port: number): Promise<boolean> {
  const res = await run('bash', ['-c', 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf ruok >&3 && cat <&3', String(port)], {
    timeoutMs: 2000,
  })
  return res.stdout === 'imok'
}

// ---------------------------------------------------------------- Docker

/** Throws a clear error unless the Docker engine answers and the test image exists. */
export async function assertDocker(): Promise<void> {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 })
  if (info.code !== 0) {
    throw new Error(
      `the Docker engine does not answer (docker info: ${(info.stderr || info.stdout).trim()}); ` +
        'run `bash scripts/ensure-deps.sh` as root to install and start dockerd',
    )
  }
  const img = await docker(['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE])
  if (img.code !== 0) {
    throw new Error(`the test image ${TEST_IMAGE} is missing; run \`bash scripts/build-test-image.sh\``)
  }
}

// ---------------------------------------------------------------- apiserver

export interface ApiserverHandle {
  url: string
  port: number
  zkRoot: string
  logFile: string
  readonly pid: number | undefined
  stop(): Promise<void>
  kill9(): Promise<void>
  /** Starts a fresh process with the same flags (stopping the old one if needed) and waits for /readyz. */
  restart(): Promise<void>
  tail(lines?: number): string
}

export async function startApiserver(opts: {
  zk: string
  zkRoot?: string
  scenario?: string
  port?: number
  env?: NodeJS.ProcessEnv
  extraArgs?: string[]
}): Promise<ApiserverHandle> {
  const port = opts.port ?? (await freePort())
  const zkRoot = opts.zkRoot ?? `/helios-e2e-${randomId()}`
  const url = `http://127.0.0.1:${port}`
  const logFile = join(scenarioLogDir(opts.scenario ?? callerScenario()), `apiserver-${port}.log`)
  const proc = new NodeProcess(
    `apiserver ${url}`,
    [
      join(REPO_ROOT, 'dist/apiserver/main.js'),
      '--port',
      String(port),
      '--zk',
      opts.zk,
      '--zk-root',
      zkRoot,
      ...(opts.extraArgs ?? []),
    ],
    logFile,
    childEnv(opts.env),
  )

  const startAndWait = async () => {
    proc.start()
    const deadline = Date.now() + 30_000
    let problem: string | undefined
    for (;;) {
      if ((await curl(`${url}/readyz`))?.status === 200) return
      if (!proc.running) problem = `the apiserver exited (${proc.exitStatus}) before ${url}/readyz answered 200`
      else if (Date.now() >= deadline) problem = `timed out after 30000ms waiting for ${url}/readyz to answer 200`
      if (problem) break
      await sleep(200)
    }
    await proc.kill9()
    throw new Error(`${problem}\n--- last 40 lines of ${logFile}:\n${proc.tail(40)}`)
  }
  await startAndWait()

  return {
    url,
    port,
    zkRoot,
    logFile,
    get pid() {
      return proc.pid
    },
    stop: () => proc.stop(),
    kill9: () => proc.kill9(),
    async restart() {
      await proc.stop()
      await startAndWait()
    },
    tail: (lines?: number) => proc.tail(lines),
  }
}

// ---------------------------------------------------------------- agent

export interface AgentHandle {
  name: string
  stateDir: string
  logFile: string
  readonly pid: number | undefined
  readonly running: boolean
  stop(): Promise<void>
  kill9(): Promise<void>
  /** Starts a fresh process with the same flags (stopping the old one if it still runs). */
  restart(): Promise<void>
  tail(lines?: number): string
}

export async function startAgent(opts: {
  name: string
  server: string
  stateDir?: string
  labels?: Record<string, string>
  scenario?: string
  env?: NodeJS.ProcessEnv
  extraArgs?: string[]
}): Promise<AgentHandle> {
  // Default state lives next to the logs (kept for post-mortems, wiped when the scenario starts again).
  const logDir = scenarioLogDir(opts.scenario ?? callerScenario())
  const stateDir = opts.stateDir ?? join(logDir, `state-${slug(opts.name)}`)
  mkdirSync(stateDir, { recursive: true })
  const logFile = join(logDir, `agent-${slug(opts.name)}.log`)
  const labelArgs = Object.entries(opts.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`])
  const proc = new NodeProcess(
    `agent ${opts.name}`,
    [
      join(REPO_ROOT, 'dist/agent/main.js'),
      '--name',
      opts.name,
      '--server',
      opts.server,
      ...labelArgs,
      '--state-dir',
      stateDir,
      ...(opts.extraArgs ?? []),
    ],
    logFile,
    childEnv(opts.env),
  )
  proc.start()
  return {
    name: opts.name,
    stateDir,
    logFile,
    get pid() {
      return proc.pid
    },
    get running() {
      return proc.running
    },
    stop: () => proc.stop(),
    kill9: () => proc.kill9(),
    async restart() {
      await proc.stop()
      proc.start()
    },
    tail: (lines?: number) => proc.tail(lines),
  }
}

// ---------------------------------------------------------------- heliosctl

/** Runs `node dist/heliosctl/main.js ARGS` with HELIOS_SERVER set; never throws on a non-zero exit. */
export function heliosctl(
  args: string[],
  opts: { server?: string; stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const main = join(REPO_ROOT, 'dist/heliosctl/main.js')
  if (!existsSync(main)) {
    return Promise.resolve({ code: 127, stdout: '', stderr: `${main} is missing: run \`npm run build\`\n` })
  }
  const env = childEnv(opts.env)
  if (opts.server) env.HELIOS_SERVER = opts.server
  return run(process.execPath, [main, ...args], { env, stdin: opts.stdin, timeoutMs: opts.timeoutMs })
}

/** Whether `heliosctl hosts --json` output (a map host → status, as in Helios) shows host `name` as UP. */
export function hostIsUp(json: unknown, name: string): boolean {
  const hosts = json as Record<string, { status?: unknown } | undefined>
  return hosts[name]?.status === 'UP'
}

/** Waits until every named host is UP according to `heliosctl hosts --json`. */
export async function waitHostsUp(server: string, names: string[], timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const res = await heliosctl(['hosts', '--json'], { server })
      if (res.code !== 0) throw new Error(`heliosctl hosts --json exited ${res.code}: ${res.stderr.trim()}`)
      const json: unknown = JSON.parse(res.stdout)
      const down = names.filter((n) => !hostIsUp(json, n))
      if (down.length > 0) throw new Error(`not UP yet: ${down.join(', ')}; hosts: ${show(json)}`)
      return true
    },
    { timeoutMs, intervalMs: 500, what: `hosts ${names.join(', ')} to be UP` },
  )
}

// ---------------------------------------------------------------- whole cluster

export type Cluster = ClusterHandle

export interface ClusterHandle {
  scenario: string
  zk: ZooKeeperHandle
  apiserver: ApiserverHandle
  /** Agents in the order given. */
  agents: AgentHandle[]
  /** Agents by name. */
  agent(name: string): AgentHandle
  /** The apiserver URL. */
  server: string
  /** heliosctl against this cluster. */
  ctl(args: string[], opts?: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ExecResult>
  /** Stops agents, removes their containers (label helios.host=<agent>), stops the apiserver and ZooKeeper. */
  stop(): Promise<void>
}

/**
 * ZooKeeper + apiserver + agents for one scenario. Logs go to .e2e/<scenario>/ (emptied first).
 * Agent names must be unique per scenario run; agentName(scenario) makes one.
 */
export async function startCluster(opts: {
  scenario?: string
  agents: { name?: string; labels?: Record<string, string> }[]
  zkRoot?: string
  /** Wait until every agent's host is UP (default true). */
  waitUp?: boolean
  apiserverEnv?: NodeJS.ProcessEnv
  agentEnv?: NodeJS.ProcessEnv
}): Promise<ClusterHandle> {
  const scenario = slug(opts.scenario ?? callerScenario('cluster'))
  rmSync(join(E2E_LOG_ROOT, scenario), { recursive: true, force: true })
  await assertDocker()

  const cleanups: (() => Promise<unknown>)[] = []
  const agents: AgentHandle[] = []
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    const errors: unknown[] = []
    await Promise.all(agents.map((a) => a.stop().catch((e) => errors.push(e))))
    for (const a of agents) await removeContainersByLabel(`helios.host=${a.name}`).catch((e) => errors.push(e))
    for (const fn of cleanups.reverse()) await fn().catch((e) => errors.push(e))
    if (errors.length > 0)
      throw new AggregateError(errors, `cluster ${scenario}: cleanup failed: ${errors.map((e) => show(e)).join('; ')}`)
  }

  try {
    const zk = await startZooKeeper()
    cleanups.push(() => zk.stop())
    const apiserver = await startApiserver({ zk: zk.connect, zkRoot: opts.zkRoot, scenario, env: opts.apiserverEnv })
    cleanups.push(() => apiserver.stop())
    for (const spec of opts.agents) {
      const name = spec.name ?? agentName(scenario)
      agents.push(await startAgent({ name, server: apiserver.url, labels: spec.labels, scenario, env: opts.agentEnv }))
    }
    const server = apiserver.url
    if (opts.waitUp ?? true) {
      try {
        await waitHostsUp(
          server,
          agents.map((a) => a.name),
        )
      } catch (err) {
        const logs = agents.map((a) => `--- ${a.logFile}:\n${a.tail(20)}`).join('\n')
        throw new Error(`${show(err)}\n${logs}`)
      }
    }
    return {
      scenario,
      zk,
      apiserver,
      agents,
      agent(name) {
        const a = agents.find((x) => x.name === name)
        if (!a) throw new Error(`no agent named ${name} in cluster ${scenario}`)
        return a
      },
      server,
      ctl: (args, o = {}) => heliosctl(args, { ...o, server }),
      stop,
    }
  } catch (err) {
    await stop().catch(() => {})
    throw err
  }
}

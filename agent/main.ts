#!/usr/bin/env node
/** @module helios-agent: the composition root; flags and env → state-dir lock, HeliosClient, DockerRuntime, startAgent; signals. */
import { existsSync, readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { HeliosClient, type Log } from '../client/index.js'
import { startAgent } from './agent.js'
import {
  checkHostName,
  parseAddHosts,
  parseBinds,
  parseDns,
  parseDockerHost,
  parseEnv,
  parseLabels,
} from './options.js'
import { parsePortRange } from './ports.js'
import { DockerRuntime } from './runtime/docker-runtime.js'
import { openStateDir, type StateDir, StateDirLockedError } from './state-dir.js'

interface Flags {
  name: string
  server: string
  token?: string
  label: string[]
  stateDir: string
  portRange: string
  env: string[]
  dns: string[]
  bind: string[]
  addHost: string[]
  heartbeatSeconds: string
  verbose?: boolean
}

const version = packageVersion()
const repeatable = (v: string, all: string[]) => [...all, v]
const program = new Command('helios-agent')
  .description('Runs the Tasks bound to this host on the local Docker engine (Docker from DOCKER_HOST).')
  .version(version)
  .option('--name <name>', 'the Host name this agent registers as', hostname())
  .option('--server <url>', 'apiserver URL (env HELIOS_SERVER)', process.env.HELIOS_SERVER ?? 'http://127.0.0.1:5801')
  .option('--token <token>', 'bearer token, role agent, user = --name (env HELIOS_TOKEN)', process.env.HELIOS_TOKEN)
  .option('--label <key=value>', 'a label of this Host (repeatable)', repeatable, [])
  .option('--state-dir <dir>', 'local state: lock, last desired tasks, ports, pending status', './helios-agent-state')
  .option('--port-range <first-last>', 'host ports for dynamic port mappings', '20000-32767')
  .option(
    '--env <KEY=VALUE>',
    'env var of every container (a Job env var of the same name wins; repeatable)',
    repeatable,
    [],
  )
  .option('--dns <ip>', 'DNS server of every container (repeatable)', repeatable, [])
  .option('--bind <src:/dst[:ro|rw]>', 'bind mount added to every container (repeatable)', repeatable, [])
  .option('--add-host <name:ip>', '/etc/hosts entry of every container (repeatable)', repeatable, [])
  .option(
    '--heartbeat-seconds <n>',
    'seconds between heartbeats (the apiserver marks a Host DOWN after --host-lease-seconds)',
    '10',
  )
  .option('--verbose', 'also log debug events')
  .parse()
const flags = program.opts<Flags>()
const log = jsonLog(flags.verbose === true)

const usageError = (message: string): never => program.error(`error: ${message}`, { exitCode: 2 })
const valid = <T>(parsed: T | string): T => (typeof parsed === 'string' ? usageError(parsed) : parsed)
const nameProblem = checkHostName(flags.name)
if (nameProblem) usageError(nameProblem)
const labels = valid(parseLabels(flags.label))
const portRange = valid(parsePortRange(flags.portRange))
const heartbeatSeconds = Number(flags.heartbeatSeconds)
if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < 1)
  usageError(`invalid --heartbeat-seconds "${flags.heartbeatSeconds}": a whole number of seconds, at least 1`)
const docker = valid(parseDockerHost(process.env.DOCKER_HOST))
// Applied when a container is created; not part of the spec hash (see container-spec.ts), so
// changing them never replaces running containers.
const containerSettings = {
  env: valid(parseEnv(flags.env)),
  dns: valid(parseDns(flags.dns)),
  binds: valid(parseBinds(flags.bind)),
  extraHosts: valid(parseAddHosts(flags.addHost)),
}

let state: StateDir
try {
  state = await openStateDirWaiting(flags.stateDir)
} catch (err) {
  const message = err instanceof StateDirLockedError ? err.message : `cannot open state dir ${flags.stateDir}: ${err}`
  log('error', message)
  process.stderr.write(`error: ${message}\n`)
  process.exit(1)
}

process.on('unhandledRejection', (reason) => log('error', 'unhandled rejection', { error: String(reason) }))
const agent = await startAgent({
  client: new HeliosClient(flags.server, { token: flags.token }),
  runtime: new DockerRuntime(docker),
  state,
  hostName: flags.name,
  labels,
  portRange,
  agentVersion: version,
  log,
  containerSettings,
  heartbeatSeconds,
})

// Losing the agent must never stop a container: shutdown stops the loops and nothing else.
let stopping = false
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(0)
  stopping = true
  log('info', 'agent stopping; containers keep running', { signal })
  setTimeout(() => process.exit(0), 5_000).unref()
  void agent.stop().finally(() => {
    state.release()
    process.exit(0)
  })
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

/**
 * An agent restarted right after a SIGKILL can find the lock of its predecessor, which the kernel has
 * not finished tearing down: wait a few seconds for that pid to go before refusing to start.
 */
async function openStateDirWaiting(dir: string, waitMs = 5_000): Promise<StateDir> {
  const deadline = Date.now() + waitMs
  for (let attempt = 0; ; attempt++) {
    try {
      return openStateDir(dir)
    } catch (err) {
      if (!(err instanceof StateDirLockedError) || Date.now() > deadline) throw err
      if (attempt === 0) log('info', `${err.message}; waiting up to ${waitMs / 1000} s for it to exit`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

function jsonLog(verbose: boolean): Log {
  return (level, msg, fields) => {
    if (level === 'debug' && !verbose) return
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`)
  }
}

// package.json sits at the repo root, above agent/ (tsx) or dist/agent/ (built).
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0'
  }
  return '0.0.0'
}

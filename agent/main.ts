#!/usr/bin/env node
/** @module helios-agent: the composition root; flags and env → state-dir lock, HeliosClient, DockerRuntime (or a hollow fleet), startAgent; signals. */
import { existsSync, readFileSync } from 'node:fs'
import { hostname, networkInterfaces } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { parseAgentAddress } from '../apis/index.js'
import { HeliosClient, type Log } from '../client/index.js'
import { startAgent } from './agent.js'
import { registrarFromFlags } from './discovery/registrar-options.js'
import { startHollowFleet } from './hollow-fleet.js'
import { parseHostAddress } from './host-address.js'
import {
  advertisedAddress,
  defaultListenAddress,
  type ListenAddress,
  listenProblem,
  parseListenAddress,
} from './listen-address.js'
import { createLogServer } from './log-server.js'
import {
  checkHostName,
  labelFlags,
  parseAddHosts,
  parseBinds,
  parseDns,
  parseDockerHost,
  parseEnv,
  parseHollowOptions,
  parseLabels,
  parseRuntime,
  parseServers,
  requestTimeoutMs,
} from './options.js'
import { parsePortRange } from './ports.js'
import { DockerRuntime } from './runtime/docker-runtime.js'
import { openStateDir, type StateDir, StateDirLockedError } from './state-dir.js'
import { parseTlsIdentity, type TlsIdentity, tlsFlagsProblem } from './tls-identity.js'

interface Flags {
  name: string
  server: string
  token?: string
  stateDir: string
  portRange: string
  env: string[]
  dns: string[]
  bind: string[]
  addHost: string[]
  heartbeatSeconds: string
  runtime: string
  hollowCount: string
  hollowStartMs: string
  hollowStopMs: string
  listenAddress?: string
  advertiseAddress?: string
  address?: string
  insecureNoAuth?: boolean
  tlsCert?: string
  tlsKey?: string
  registrar: string
  registrarAddress?: string
  registrarSrvFile?: string
  domain: string
  verbose?: boolean
}

const version = packageVersion()
const repeatable = (v: string, all: string[]) => [...all, v]
const labelEntries = labelFlags()
const program = new Command('helios-agent')
  .description('Runs the Tasks bound to this host on the local Docker engine (Docker from DOCKER_HOST).')
  .version(version)
  .option('--name <name>', 'the Host name this agent registers as', hostname())
  .option(
    '--server <url[,url…]>',
    'apiserver URL, or several separated by commas: each agent starts at a random one and fails over to the ' +
      'next when it is unreachable, hangs or answers 503 (env HELIOS_SERVER)',
    process.env.HELIOS_SERVER ?? 'http://127.0.0.1:5801',
  )
  .option('--token <token>', 'bearer token, role agent, user = --name (env HELIOS_TOKEN)', process.env.HELIOS_TOKEN)
  .option('--label <key=value>', 'a label of this Host (repeatable)', labelEntries.collect)
  .option('--labels <key=value>', "Helios' spelling of --label (repeatable; both may be mixed)", labelEntries.collect)
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
  .option(
    '--runtime <docker|hollow>',
    "docker: run containers on the local engine. hollow (kubemark's method, for scale tests): run " +
      '--hollow-count real agent loops in this process over simulated engines (every image present, no ' +
      'containers, no state dir; state is in memory and lost on exit), named <--name>-0 … <--name>-<N-1> ' +
      '(--name defaults to "hollow"); they share one HTTP client but each watches its own Tasks; ' +
      'heartbeats are jittered ±10%; only warnings and errors are logged unless --verbose',
    'docker',
  )
  .option('--hollow-count <n>', 'with --runtime hollow: how many agents to run', '1')
  .option('--hollow-start-ms <ms>', 'with --runtime hollow: simulated container start time', '200')
  .option('--hollow-stop-ms <ms>', 'with --runtime hollow: simulated container stop time', '100')
  .option(
    '--listen-address <host:port>',
    'serve container logs to the apiserver here (port 0 picks a free one; "none": no log endpoint) ' +
      '[default: 0.0.0.0:5803 with --token, else 127.0.0.1:5803; hollow agents never listen]',
  )
  .option(
    '--advertise-address <host[:port]>',
    'where the apiserver reaches the log endpoint (Host status.agentAddress) [default: the listen address; ' +
      "for 0.0.0.0 or ::, this machine's hostname]",
  )
  .option(
    '--address <ip>',
    "the IP this host's published ports are reached at by other hosts and containers (Host status.address, " +
      "what Endpoints and the built-in DNS give out) [default: this machine's first non-loopback IPv4]",
  )
  .option('--insecure-no-auth', 'serve container logs without a token on a non-loopback --listen-address')
  .option(
    '--tls-cert <file>',
    'serve container logs over HTTPS with this PEM certificate (chain first); Host status reports its SHA-256, ' +
      'which the apiserver pins (self-signed is fine). Without it the apiserver sends no token to a non-loopback address',
  )
  .option('--tls-key <file>', 'the PEM private key of --tls-cert')
  .option(
    '--registrar <builtin|dnsmasq:DIR>',
    "where RUNNING Tasks' registrations are announced (and withdrawn before the grace period of a stop): builtin " +
      "(the apiserver's Endpoints and DNS), or dnsmasq:DIR, a hosts file helios-<name> in dnsmasq's --hostsdir DIR " +
      '(A records <service>.<domain>, reloaded by dnsmasq on change)',
    'builtin',
  )
  .option(
    '--registrar-address <ip>',
    "with --registrar dnsmasq: the address of this host's A records [default: --address]",
  )
  .option(
    '--registrar-srv-file <file>',
    'with --registrar dnsmasq: also write srv-host= lines (_<service>._<protocol>.<domain>) here, for dnsmasq ' +
      '--conf-file; dnsmasq reads them only when it starts',
  )
  .option('--domain <domain>', "the domain a Job with no registrationDomain registers in (Helios' --domain)", '')
  .option('--verbose', 'also log debug events')
  .parse()
const flags = program.opts<Flags>()
const runtime = parseRuntime(flags.runtime)
const runtimeKind = typeof runtime === 'string' ? undefined : runtime.kind
if (runtimeKind === 'hollow' && program.getOptionValueSource('name') === 'default') flags.name = 'hollow'
const log = jsonLog(flags.verbose === true, runtimeKind === 'hollow')

const usageError = (message: string): never => program.error(`error: ${message}`, { exitCode: 2 })
const valid = <T>(parsed: T | string): T => (typeof parsed === 'string' ? usageError(parsed) : parsed)
valid(runtime)
const nameProblem = checkHostName(flags.name)
if (nameProblem) usageError(nameProblem)
const servers = valid(parseServers(flags.server))
const labels = valid(parseLabels(labelEntries.entries))
const portRange = valid(parsePortRange(flags.portRange))
const heartbeatSeconds = Number(flags.heartbeatSeconds)
if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < 1)
  usageError(`invalid --heartbeat-seconds "${flags.heartbeatSeconds}": a whole number of seconds, at least 1`)
const docker = valid(parseDockerHost(process.env.DOCKER_HOST))
const { address } = valid(parseHostAddress(flags.address, networkInterfaces()))
// Applied when a container is created; not part of the spec hash (see container-spec.ts), so
// changing them never replaces running containers.
const containerSettings = {
  env: valid(parseEnv(flags.env)),
  dns: valid(parseDns(flags.dns)),
  binds: valid(parseBinds(flags.bind)),
  extraHosts: valid(parseAddHosts(flags.addHost)),
}

// An empty HELIOS_TOKEN counts as none: the log endpoint is then open, hence loopback unless --insecure-no-auth.
const hasToken = Boolean(flags.token)
const listenAt = valid(parseListenAddress(flags.listenAddress ?? defaultListenAddress(hasToken)))
const listenRefusal = listenAt && listenProblem(listenAt, hasToken, flags.insecureNoAuth === true)
if (listenRefusal) usageError(listenRefusal)
const tls = readTlsIdentity()
const registrar = valid(
  registrarFromFlags(
    {
      registrar: flags.registrar,
      address: flags.registrarAddress,
      hostAddress: address,
      srvFile: flags.registrarSrvFile,
      domain: flags.domain,
    },
    flags.name,
    log,
  ),
)

process.on('unhandledRejection', (reason) => log('error', 'unhandled rejection', { error: String(reason) }))
if (runtimeKind === 'hollow') await runHollowFleet()

let state: StateDir
try {
  state = await openStateDirWaiting(flags.stateDir)
} catch (err) {
  const message = err instanceof StateDirLockedError ? err.message : `cannot open state dir ${flags.stateDir}: ${err}`
  log('error', message)
  process.stderr.write(`error: ${message}\n`)
  process.exit(1)
}

const dockerRuntime = new DockerRuntime(docker)
const logServer = createLogServer({
  runtime: dockerRuntime,
  hostName: flags.name,
  token: flags.token || undefined,
  tls,
  log,
})
const agentAddress = listenAt && (await serveLogs(listenAt))
// Once listening, a server error concerns one connection (EMFILE on accept): without a listener it would end the agent.
logServer.on('error', (error) => log('error', 'log server error; serving on', { error: String(error) }))
const agent = await startAgent({
  ...commonOptions(),
  runtime: dockerRuntime,
  state,
  hostName: flags.name,
  agentAddress,
  agentCertificateSha256: agentAddress ? tls?.certificateSha256 : undefined,
  registrar,
  domain: flags.domain,
})

// Losing the agent must never stop a container: shutdown stops the loops and nothing else.
let stopping = false
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(0)
  stopping = true
  log('info', 'agent stopping; containers keep running', { signal })
  setTimeout(() => process.exit(0), 5_000).unref()
  logServer.close()
  logServer.closeAllConnections() // followed log streams would hold close() forever
  void agent.stop().finally(() => {
    state.release()
    process.exit(0)
  })
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

/** Listens (exit 1 when it cannot: the address is taken) and returns the address the apiserver should dial. */
async function serveLogs(at: ListenAddress): Promise<string> {
  try {
    await new Promise<void>((resolve, reject) => {
      logServer.once('error', reject)
      logServer.listen(at.port, at.host, () => resolve())
    })
  } catch (err) {
    const message = `cannot serve logs on ${at.host}:${at.port}: ${(err as Error).message} (pass --listen-address HOST:PORT, port 0 picks a free one)`
    log('error', message)
    process.stderr.write(`error: ${message}\n`)
    state.release()
    process.exit(1)
  }
  const bound = logServer.address()
  const port = typeof bound === 'object' && bound ? bound.port : at.port
  const address = advertisedAddress({ advertise: flags.advertiseAddress, listen: at, port, hostname: hostname() })
  if (!parseAgentAddress(address)) {
    process.stderr.write(`error: --advertise-address: ${JSON.stringify(address)} is not host:port\n`)
    state.release()
    process.exit(2)
  }
  log('info', 'serving container logs', {
    listen: `${at.host}:${port}`,
    advertised: address,
    auth: hasToken ? 'agent token' : 'none',
    tls: tls ? { certificateSha256: tls.certificateSha256 } : 'none',
  })
  return address
}

/** `--tls-cert` and `--tls-key`, read and checked (a bad pair is a usage error, exit 2); undefined without them. */
function readTlsIdentity(): TlsIdentity | undefined {
  const problem = tlsFlagsProblem(flags.tlsCert, flags.tlsKey)
  if (problem) usageError(problem)
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) return undefined
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file, 'utf8')
    } catch (err) {
      return usageError(`cannot read ${flag} ${file}: ${(err as Error).message}`)
    }
  }
  return valid(parseTlsIdentity(read('--tls-cert', flags.tlsCert), read('--tls-key', flags.tlsKey)))
}

/** What a real agent and every hollow one are given alike. */
function commonOptions() {
  // A fleet given the same list spreads over the apiservers instead of piling onto the first.
  const client = new HeliosClient(servers, {
    token: flags.token,
    startAtRandom: true,
    requestTimeoutMs: requestTimeoutMs(heartbeatSeconds),
  })
  return { client, labels, portRange, agentVersion: version, log, containerSettings, heartbeatSeconds, address }
}

/** `--runtime hollow`: the fleet runs until SIGTERM/SIGINT, then the process exits (never returns). */
async function runHollowFleet(): Promise<never> {
  const hollow = valid(
    parseHollowOptions({ count: flags.hollowCount, startMs: flags.hollowStartMs, stopMs: flags.hollowStopMs }),
  )
  const fleet = await startHollowFleet({ ...commonOptions(), namePrefix: flags.name, hollow })
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'hollow fleet started', agents: hollow.count, first: fleet.hostNames[0] })}\n`,
  )
  const stop = () => {
    setTimeout(() => process.exit(0), 5_000).unref()
    void fleet.stop().finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  return new Promise<never>(() => {})
}

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

// A thousand hollow agents logging every Task transition would spend the process's CPU on logging.
function jsonLog(verbose: boolean, quietUnlessVerbose: boolean): Log {
  return (level, msg, fields) => {
    if (level === 'debug' && !verbose) return
    if (quietUnlessVerbose && !verbose && level === 'info') return
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

#!/usr/bin/env node
/** @module helios-apiserver: flags → ZooKeeperStore → createApp → listen → controllers while elected leader; SIGTERM/SIGINT stop it all. */
import { existsSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, InvalidArgumentError, Option } from 'commander'
import { isLoopback } from '../apis/index.js'
import { createApp } from './app.js'
import { createApiServer, serverAuth } from './auth/server-auth.js'
import { type Leadership, runWhileLeader } from './leadership.js'
import { jsonLog, type Log, type LogLevel } from './log.js'
import { zookeeperLatency } from './metrics.js'
import { VOLUME_NAME } from './rules/host-path.js'
import { loadPolicyFile } from './rules/policy-file.js'
import { hostPathPrefixProblem, mergeSettings, PolicySettings } from './rules/policy-settings.js'
import { LOOSENING_RAMDISK_FLAGS, parseByteSize } from './rules/ramdisk-options.js'
import { isCapabilityName } from './rules/rule-options.js'
import { ZooKeeperStore } from './storage/zookeeper-store.js'
import { DEFAULT_WATCH_LIMITS } from './watch-budget.js'

const MiB = 1024 * 1024

interface Flags {
  port: number
  host: string
  zk: string
  zkRoot: string
  logLevel: LogLevel
  controllers: boolean
  allowedCapability: string[]
  admissionPolicy?: string
  allowHostPath: string[]
  allowNamedVolume: string[]
  allowHostNetwork?: boolean
  allowContainerNetwork?: boolean
  allowSecurityOpt: string[]
  allowRuntime: string[]
  allowRamdiskOption: string[]
  maxRamdiskSize?: string
  hostLeaseSeconds: number
  zkSessionTimeout: number
  tokenFile?: string
  insecureNoAuth?: boolean
  tlsCert?: string
  tlsKey?: string
  zkAclDigest?: string
  allowedHost: string[]
  allowedOrigin: string[]
  watchMemoryBudget: number
  maxWatchesPerClient: number
  watchBookmarkSeconds: number
}

// Works from apiserver/ (tsx) and dist/apiserver/ (built) alike.
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0'
  }
  return '0.0.0'
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is 0-65535')
  return port
}

/** `--allowed-capability` values, repeatable: `NET_ADMIN`, `CAP_SYS_TIME`, or `ALL`. */
function addCapability(value: string, all: string[]): string[] {
  if (!isCapabilityName(value)) throw new InvalidArgumentError('a capability is a name like NET_ADMIN (or ALL)')
  return [...all, value]
}

/** A repeatable flag whose every value passes `check` (which returns what is wrong, or undefined). */
const repeatable =
  (check: (value: string) => string | undefined) =>
  (value: string, all: string[]): string[] => {
    const problem = check(value)
    if (problem) throw new InvalidArgumentError(problem)
    return [...all, value]
  }

const nonEmpty = (value: string) => (value.trim() === '' ? 'give a value' : undefined)

function parseSize(value: string): string {
  if (parseByteSize(value) === undefined) throw new InvalidArgumentError('a size like 64m, 1g or 65536k')
  return value
}

function parseSeconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds, at least 1')
  return n
}

function parseCount(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, at least 1')
  return n
}

/** `--zk-acl-digest user:password`: a non-empty user, a colon, a non-empty password. */
function parseDigest(value: string): string {
  if (!/^[^:]+:.+$/.test(value)) throw new InvalidArgumentError('give user:password')
  return value
}

/** The policy file (if any) with the `--allow-*` flags added; a bad file throws naming it and the field. */
function policySettings(flags: Flags): PolicySettings {
  const fromFile = flags.admissionPolicy ? loadPolicyFile(flags.admissionPolicy) : PolicySettings.parse({})
  const fromFlags = PolicySettings.parse({
    allowHostPaths: flags.allowHostPath,
    allowNamedVolumes: flags.allowNamedVolume,
    allowHostNetwork: flags.allowHostNetwork ?? false,
    allowContainerNetwork: flags.allowContainerNetwork ?? false,
    allowSecurityOpts: flags.allowSecurityOpt,
    allowRuntimes: flags.allowRuntime,
    allowRamdiskOptions: flags.allowRamdiskOption,
    ...(flags.maxRamdiskSize ? { maxRamdiskSize: flags.maxRamdiskSize } : {}),
  })
  return mergeSettings(fromFile, fromFlags)
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

async function main(): Promise<void> {
  const version = packageVersion()
  const flags = new Command('helios-apiserver')
    .description('Serves the Helios API over HTTP, stores objects in ZooKeeper and runs the cluster controllers.')
    .version(version)
    .option('--port <port>', 'HTTP port (0 picks a free one)', parsePort, 5801)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--zk <connect>', 'ZooKeeper connect string (host:port[,host:port...])', '127.0.0.1:2181')
    .option('--zk-root <path>', 'ZooKeeper path holding every object', '/helios')
    .addOption(
      new Option('--log-level <level>', 'lowest level logged')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option('--no-controllers', 'do not run the cluster controllers in this process')
    .option(
      '--allowed-capability <cap>',
      'a Linux capability Jobs may add (repeatable; none by default; ALL allows any)',
      addCapability,
      [],
    )
    .option(
      '--admission-policy <file>',
      'YAML admission policy (docs/admission-policy.md); the --allow-* flags add to it',
    )
    .option(
      '--allow-host-path <prefix>',
      'a host path prefix Jobs may mount (repeatable; none by default)',
      repeatable(hostPathPrefixProblem),
      [],
    )
    .option(
      '--allow-named-volume <name>',
      'a Docker volume name Jobs may mount (repeatable; ALL allows any)',
      repeatable((v) => (v === 'ALL' || VOLUME_NAME.test(v) ? undefined : 'a Docker volume name (or ALL)')),
      [],
    )
    .option('--allow-host-network', 'let Jobs use networkMode host')
    .option('--allow-container-network', "let Jobs join another container's namespaces (networkMode container:<x>)")
    .option(
      '--allow-security-opt <opt>',
      'a Docker security option Jobs may set, e.g. seccomp=unconfined (repeatable; ALL allows any)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--allow-runtime <name>',
      'a Docker runtime Jobs may name (repeatable; ALL allows any)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--allow-ramdisk-option <option>',
      `a tmpfs option loosening Docker's defaults Jobs may set: ${LOOSENING_RAMDISK_FLAGS.join(', ')} (repeatable)`,
      repeatable((v) =>
        (LOOSENING_RAMDISK_FLAGS as readonly string[]).includes(v)
          ? undefined
          : `one of ${LOOSENING_RAMDISK_FLAGS.join(', ')}`,
      ),
      [],
    )
    .option('--max-ramdisk-size <size>', "the most all of a Job's ramdisks may hold together (default 64m)", parseSize)
    .option('--host-lease-seconds <n>', 'seconds without a heartbeat before a Host is DOWN', parseSeconds, 40)
    .option(
      '--zk-session-timeout <seconds>',
      'ZooKeeper session timeout; a killed leader is replaced after about this long',
      parseSeconds,
      30,
    )
    .addOption(
      new Option(
        '--zk-acl-digest <user:password>',
        'authenticate to ZooKeeper with this digest and create every node writable by it only (world: read)',
      )
        .env('HELIOS_ZK_DIGEST')
        .argParser(parseDigest),
    )
    .option(
      '--watch-memory-budget <MiB>',
      'MiB all watch streams together may hold unsent; beyond it the streams holding the most are closed (their clients relist)',
      parseCount,
      DEFAULT_WATCH_LIMITS.budgetBytes / MiB,
    )
    .option(
      '--max-watches-per-client <n>',
      'watch streams one client (token user, else remote address) may hold open; more is 429',
      parseCount,
      DEFAULT_WATCH_LIMITS.perClient,
    )
    .option(
      '--watch-bookmark-seconds <n>',
      'seconds an idle watch stays silent before a BOOKMARK line',
      parseSeconds,
      15,
    )
    .option('--token-file <file>', 'bearer tokens, CSV lines "token,user,role" (roles: admin, deployer, viewer, agent)')
    .option('--insecure-no-auth', 'serve the API without tokens on a non-loopback --host (anyone may do anything)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option(
      '--allowed-host <name>',
      'a Host header name the open API answers besides loopback names (repeatable; DNS rebinding guard)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--allowed-origin <origin>',
      'a browser Origin allowed to call the API, e.g. https://ui.example.com (repeatable; none by default)',
      repeatable(nonEmpty),
      [],
    )
    .parse()
    .opts<Flags>()

  const log: Log = jsonLog((line) => process.stdout.write(line), flags.logLevel)
  process.on('unhandledRejection', (error) => {
    log('error', 'unhandled rejection; exiting', { error })
    process.exit(1)
  })
  const sessionTimeoutMs = flags.zkSessionTimeout * 1000
  const zkLatency = zookeeperLatency()
  const store = new ZooKeeperStore({
    connect: flags.zk,
    root: flags.zkRoot,
    log,
    sessionTimeoutMs,
    onRequest: zkLatency.observe,
    aclDigest: flags.zkAclDigest,
  })
  let identity = `${hostname()} pid ${process.pid}`
  let leadership: Leadership | undefined
  const leaderStatus = () => leadership?.status() ?? { leader: false, identity }
  const { auth, controllerToken, agentTokens } = serverAuth(flags)
  const admissionPolicy = policySettings(flags)
  const app = createApp({
    store,
    log,
    version,
    allowedCapabilities: flags.allowedCapability,
    admissionPolicy,
    leadership: leaderStatus,
    auth,
    agentTokens,
    histograms: [zkLatency.histogram],
    crossSite: {
      // Open on loopback, a page's rebound DNS name is the way in; with tokens (or --insecure-no-auth) any name may be used.
      allowedHosts: !auth && (isLoopback(flags.host) || flags.allowedHost.length > 0) ? flags.allowedHost : undefined,
      allowedOrigins: flags.allowedOrigin,
    },
    bookmarkIntervalMs: flags.watchBookmarkSeconds * 1000,
    watchLimits: { budgetBytes: flags.watchMemoryBudget * MiB, perClient: flags.maxWatchesPerClient },
  })
  const { server, scheme } = createApiServer(app, flags)
  let stopControllers: (() => Promise<void>) | undefined
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1)
    stopping = true
    log('info', 'shutting down', { signal })
    setTimeout(() => process.exit(1), 15_000).unref()
    await stopControllers?.().catch((error: unknown) => log('warn', 'controllers did not stop cleanly', { error }))
    server.close()
    server.closeAllConnections() // open watch streams would otherwise hold close() forever
    await store.close()
    log('info', 'stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  const port = await listen(server, flags.port, flags.host).catch((error: unknown) => {
    log('error', 'cannot listen', { host: flags.host, port: flags.port, error })
    process.exit(1)
  })
  // After listening, a server error is one connection's (EMFILE on accept under a flood of sockets): log it and go on.
  server.on('error', (error) => log('error', 'HTTP server error; serving on', { error }))
  const local = flags.host === '0.0.0.0' || flags.host === '::' ? '127.0.0.1' : flags.host
  const url = `${scheme}://${local.includes(':') ? `[${local}]` : local}:${port}`
  log('info', 'apiserver listening', {
    url,
    version,
    zk: flags.zk,
    zkRoot: flags.zkRoot,
    zkAcl: flags.zkAclDigest ? 'digest' : 'open',
    allowedCapabilities: flags.allowedCapability,
    admissionPolicy,
    auth: auth ? 'bearer tokens' : 'none (loopback or --insecure-no-auth)',
    watchMemoryBudgetMiB: flags.watchMemoryBudget,
    maxWatchesPerClient: flags.maxWatchesPerClient,
  })

  await store.start()
  if (!flags.controllers || stopping) return
  identity = `${hostname()}:${port} pid ${process.pid}`
  leadership = runWhileLeader({
    election: store,
    identity,
    log,
    start: async () => {
      const controllers = await import('../controllers/main.js')
      return controllers.startControllers({
        server: url,
        log,
        hostLeaseSeconds: flags.hostLeaseSeconds,
        token: controllerToken,
      })
    },
  })
  stopControllers = leadership.stop
}

main().catch((error: unknown) => {
  process.stderr.write(`helios-apiserver: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})

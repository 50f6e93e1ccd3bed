/** @module Parsing of agent flags and DOCKER_HOST (pure); main.ts reads argv and env and passes the strings in. */
import { isIP } from 'node:net'
import { HostStatus, SIMPLE_NAME } from '../apis/index.js'
import { serverListProblem, splitServers } from '../client/index.js'

export interface DockerEndpoint {
  socketPath?: string
  host?: string
  port?: number
  /** As messages name it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2375`. */
  endpoint: string
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock'

/** `unix:///path`, `tcp://host:port` or unset (the default socket); returns an error message otherwise. */
export function parseDockerHost(value: string | undefined): DockerEndpoint | string {
  const text = value?.trim() || `unix://${DEFAULT_DOCKER_SOCKET}`
  if (text.startsWith('unix://')) return { socketPath: text.slice('unix://'.length), endpoint: text }
  if (text.startsWith('/')) return { socketPath: text, endpoint: `unix://${text}` }
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(text)
  if (tcp) return { host: tcp[1], port: Number(tcp[2]), endpoint: text }
  return `unsupported DOCKER_HOST "${text}": expected unix:///path/to/docker.sock or tcp://host:port`
}

/** `--server URL[,URL…]` (or HELIOS_SERVER): the apiservers, any of which serves this agent; an error message otherwise. */
export function parseServers(value: string): string[] | string {
  const problem = serverListProblem(value)
  return problem ? `invalid --server: ${problem}` : splitServers(value)
}

/**
 * The agent's request timeout: at most one heartbeat period (30 s at most), so a heartbeat stuck on a hung
 * apiserver moves to the next while the Host's lease still holds, and at least 5 s, for a busy one.
 */
export function requestTimeoutMs(heartbeatSeconds: number): number {
  return Math.max(5_000, Math.min(30_000, heartbeatSeconds * 1000))
}

/**
 * One list behind `--label` and Helios' spelling `--labels` (commander keeps one value per option; both options get
 * `collect` as their parser), in command-line order, so a key given twice takes its last value whichever flag gave it.
 */
export function labelFlags(): { collect: (entry: string) => string[]; entries: readonly string[] } {
  const entries: string[] = []
  return {
    collect: (entry) => {
      entries.push(entry)
      return entries
    },
    entries,
  }
}

/** `--label k=v` values → labels; returns an error message for an entry without "=", or a label status.labels refuses. */
export function parseLabels(entries: readonly string[]): Record<string, string> | string {
  const labels: Record<string, string> = {}
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    if (eq <= 0) return `invalid --label "${entry}": expected key=value`
    labels[entry.slice(0, eq)] = entry.slice(eq + 1)
  }
  // What the apiserver would refuse in status.labels is refused here, at start, instead of every heartbeat.
  const checked = HostStatus.shape.labels.safeParse(labels)
  if (!checked.success) return `invalid --label: ${checked.error.issues.map((i) => i.message).join('; ')}`
  return labels
}

/** Host names become object names: letters, digits, ".", "_", "-". */
export function checkHostName(name: string): string | undefined {
  return SIMPLE_NAME.test(name) ? undefined : `invalid --name "${name}": host names are letters, digits, ".", "_", "-"`
}

/** `--env KEY=VALUE` values (a repeated key keeps the last value); the value may hold "=" or be empty. */
export function parseEnv(entries: readonly string[]): Record<string, string> | string {
  const env: Record<string, string> = {}
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    const key = entry.slice(0, Math.max(eq, 0))
    if (eq <= 0 || /\s/.test(key)) return `invalid --env "${entry}": expected KEY=VALUE (a KEY without spaces)`
    env[key] = entry.slice(eq + 1)
  }
  return env
}

/** `--dns IP` values: IPv4 or IPv6 addresses, as Docker's HostConfig.Dns takes them. */
export function parseDns(entries: readonly string[]): string[] | string {
  const bad = entries.find((ip) => isIP(ip) === 0)
  return bad === undefined ? [...entries] : `invalid --dns "${bad}": expected an IPv4 or IPv6 address`
}

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** `--bind /host/path:/container/path[:ro|rw]` values (the source may also be a named volume). */
export function parseBinds(entries: readonly string[]): string[] | string {
  const targets = new Map<string, string>()
  for (const entry of entries) {
    const problem = bindProblem(entry)
    if (problem) return `invalid --bind "${entry}": ${problem}`
    const target = entry.split(':')[1] ?? ''
    const other = targets.get(target)
    if (other !== undefined) return `invalid --bind "${entry}": ${target} is already bound by --bind "${other}"`
    targets.set(target, entry)
  }
  return [...entries]
}

function bindProblem(entry: string): string | undefined {
  const [source = '', target = '', mode, ...rest] = entry.split(':')
  if (target === '' || rest.length > 0) return 'expected /host/path:/container/path[:ro|rw]'
  if (!source.startsWith('/') && !VOLUME_NAME.test(source)) return 'the host path must be absolute (or a volume name)'
  if (!target.startsWith('/') || target === '/') return 'the container path must be absolute and not "/"'
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') return `the mode is ro or rw, not "${mode}"`
  return undefined
}

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/

/** `--add-host name:ip` values (Docker's ExtraHosts; an IPv6 address follows the first ":"). */
export function parseAddHosts(entries: readonly string[]): string[] | string {
  for (const entry of entries) {
    const colon = entry.indexOf(':')
    const name = entry.slice(0, Math.max(colon, 0))
    const ip = entry.slice(colon + 1)
    if (colon <= 0 || !HOST_NAME.test(name) || isIP(ip) === 0)
      return `invalid --add-host "${entry}": expected hostname:ip (e.g. db.internal:10.0.0.5)`
  }
  return [...entries]
}

export type RuntimeKind = 'docker' | 'hollow'

/** `--runtime docker|hollow` (wrapped: a bare string is this module's way of saying "error"). */
export function parseRuntime(value: string): { kind: RuntimeKind } | string {
  return value === 'docker' || value === 'hollow'
    ? { kind: value }
    : `invalid --runtime "${value}": expected docker or hollow`
}

/** What `--runtime hollow` runs: `count` agents named `<name>-0 … <name>-<count-1>`, with simulated start/stop delays. */
export interface HollowOptions {
  count: number
  startDelayMs: number
  stopDelayMs: number
}

const MAX_HOLLOW_AGENTS = 10_000

/** `--hollow-count`, `--hollow-start-ms` and `--hollow-stop-ms` as given on the command line. */
export function parseHollowOptions(flags: { count: string; startMs: string; stopMs: string }): HollowOptions | string {
  const count = Number(flags.count)
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOLLOW_AGENTS)
    return `invalid --hollow-count "${flags.count}": a whole number from 1 to ${MAX_HOLLOW_AGENTS}`
  const startDelayMs = Number(flags.startMs)
  if (!Number.isInteger(startDelayMs) || startDelayMs < 0)
    return `invalid --hollow-start-ms "${flags.startMs}": a whole number of milliseconds, at least 0`
  const stopDelayMs = Number(flags.stopMs)
  if (!Number.isInteger(stopDelayMs) || stopDelayMs < 0)
    return `invalid --hollow-stop-ms "${flags.stopMs}": a whole number of milliseconds, at least 0`
  return { count, startDelayMs, stopDelayMs }
}

/** The host names of a hollow fleet; each must itself be a valid host name. */
export function hollowHostNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`)
}

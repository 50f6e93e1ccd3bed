/** @module Which apiserver a run talks to, with what token and CA, and where each came from (for error hints). */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { serverListProblem } from '../../client/index.js'
import { UsageError } from '../usage-error.js'
import { ConfigError } from './config-file.js'
import type { ClusterEntry, HeliosctlConfig } from './config-schema.js'

export const DEFAULT_SERVER = 'http://127.0.0.1:5801'

/** Where the server URL came from; `cluster` also names the config file. */
export type TargetSource =
  | { from: 'flag'; flag?: string }
  | { from: 'srv'; domains: readonly string[]; srvName: string }
  | { from: 'env' }
  | { from: 'cluster'; cluster: string; file: string }
  | { from: 'default'; file: string }

export interface Target {
  /** One apiserver URL, or several separated by commas (the client fails over between them). */
  server: string
  token?: string
  /** PEM text of the cluster's certificateAuthority. */
  ca?: string
  source: TargetSource
  /** Where the token came from, if any (a 401 names it). */
  tokenFrom?: 'flag' | 'env' | 'cluster'
}

export interface TargetInputs {
  /** `--server` and `-z/--master` together (main.ts joins them). */
  server?: string
  /** Which of those flags gave `server` (for hints); `--server` when absent. */
  serverFlag?: string
  /** The servers `-d/--domains` found through SRV records (main.ts looks them up), when no --server or -z was given. */
  discovered?: { servers: string; domains: readonly string[]; srvName: string }
  authToken?: string
  cluster?: string
  env: Record<string, string | undefined>
  configFile: string
  /** Read only when needed: `--server` or HELIOS_SERVER never touch a (possibly broken) config file. */
  config: () => HeliosctlConfig
}

/**
 * Precedence: `--server`/`-z` > `-d` (SRV) > `--cluster NAME` > HELIOS_SERVER > the current cluster > the default,
 * and for the token `--auth-token` > HELIOS_TOKEN > the cluster's. A cluster's token and CA go only to that cluster's
 * server. `-z` beats `-d` as in Helios, whose CLI used explicit endpoints before domains.
 */
export function resolveTarget(inputs: TargetInputs): Target {
  const { env, configFile } = inputs
  // An empty --server or -z is given (and refused by checked()), never read as absent.
  const serverGiven = inputs.server !== undefined
  if ((serverGiven || inputs.discovered) && inputs.cluster) {
    const flag = serverGiven ? (inputs.serverFlag ?? '--server') : '-d'
    throw new UsageError(`${flag} and --cluster exclude each other: give one`)
  }
  if (inputs.server !== undefined) {
    const source: TargetSource = inputs.serverFlag ? { from: 'flag', flag: inputs.serverFlag } : { from: 'flag' }
    return withToken({ server: checked(inputs.server, inputs.serverFlag ?? '--server'), source }, inputs)
  }
  if (inputs.discovered) {
    const { servers, domains, srvName } = inputs.discovered
    return withToken({ server: checked(servers, '-d'), source: { from: 'srv', domains, srvName } }, inputs)
  }
  if (inputs.cluster) return fromCluster(namedCluster(inputs.config(), inputs.cluster, configFile), inputs, true)
  if (env.HELIOS_SERVER)
    return withToken({ server: checked(env.HELIOS_SERVER, 'HELIOS_SERVER'), source: { from: 'env' } }, inputs)
  const config = inputs.config()
  if (config.currentCluster) {
    const current = config.clusters.find((c) => c.name === config.currentCluster)
    if (!current)
      throw new ConfigError(`config ${configFile}: currentCluster "${config.currentCluster}" names no cluster`)
    return fromCluster(current, inputs, false)
  }
  return withToken({ server: DEFAULT_SERVER, source: { from: 'default', file: configFile } }, inputs)
}

// A list with one bad entry would otherwise fail over past it in silence, on every run.
function checked(servers: string, from: string): string {
  const problem = serverListProblem(servers)
  if (problem) throw new UsageError(`${from}: ${problem}`)
  return servers
}

/** The cluster `name` of `config`, or a usage error listing the ones there are. */
export function namedCluster(config: HeliosctlConfig, name: string, file: string): ClusterEntry {
  const found = config.clusters.find((c) => c.name === name)
  if (found) return found
  const known = config.clusters.map((c) => c.name).join(', ') || 'none'
  throw new UsageError(`no cluster "${name}" in ${file} (clusters: ${known})`)
}

/** The cluster's CA file, relative to the config file's folder, as PEM text. */
export function readCertificateAuthority(cluster: ClusterEntry, configFile: string): string | undefined {
  if (!cluster.certificateAuthority) return undefined
  const file = resolve(dirname(configFile), cluster.certificateAuthority)
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(
      `cluster "${cluster.name}": cannot read certificateAuthority ${file}: ${(err as Error).message}`,
    )
  }
}

// An explicit --cluster is a flag and so beats HELIOS_TOKEN; the current cluster's token yields to it.
function fromCluster(cluster: ClusterEntry, inputs: TargetInputs, explicit: boolean): Target {
  const source: TargetSource = { from: 'cluster', cluster: cluster.name, file: inputs.configFile }
  const target: Target = { server: cluster.server, source, ca: readCertificateAuthority(cluster, inputs.configFile) }
  if (inputs.authToken) return { ...target, token: inputs.authToken, tokenFrom: 'flag' }
  if (!explicit && inputs.env.HELIOS_TOKEN) return { ...target, token: inputs.env.HELIOS_TOKEN, tokenFrom: 'env' }
  return cluster.token ? { ...target, token: cluster.token, tokenFrom: 'cluster' } : target
}

function withToken(target: Target, inputs: TargetInputs): Target {
  if (inputs.authToken) return { ...target, token: inputs.authToken, tokenFrom: 'flag' }
  if (inputs.env.HELIOS_TOKEN) return { ...target, token: inputs.env.HELIOS_TOKEN, tokenFrom: 'env' }
  return target
}

/** How a hint says where the server URL came from: "came from --server", "is the default (…)". */
export function describeSource(source: TargetSource): string {
  switch (source.from) {
    case 'flag':
      return `came from ${source.flag ?? '--server'}`
    case 'srv':
      return `came from the SRV records _${source.srvName}._https|_http of -d ${source.domains.join(',')}`
    case 'env':
      return 'came from HELIOS_SERVER'
    case 'cluster':
      return `came from cluster "${source.cluster}" in ${source.file}`
    case 'default':
      return `is the default (no --server, HELIOS_SERVER or current cluster in ${source.file})`
  }
}

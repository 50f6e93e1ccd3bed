/** @module Registrar: creates this agent's Host if missing, then heartbeats its status (labels included) every HEARTBEAT_SECONDS. */
import { API_VERSION, HEARTBEAT_SECONDS, type Host, type HostStatus, isApiError, isNotFound } from '../apis/index.js'
import { Backoff, type Clock, errorMessage, type HeliosClient, type Log } from '../client/index.js'
import { type HostFacts, readHostFacts } from './host-info.js'
import { heartbeatRetry } from './retry-policies.js'
import type { ContainerRuntime } from './runtime/container-runtime.js'

export interface RegistrarDeps {
  client: Pick<HeliosClient, 'get' | 'create' | 'updateStatus'>
  runtime: Pick<ContainerRuntime, 'info'>
  hostName: string
  /** From `--label k=v`: reported in status.labels; selectors see them under the users' metadata.labels (apis/host.ts). */
  labels: Readonly<Record<string, string>>
  agentVersion: string
  /** ISO time this agent process started. */
  startedAt: string
  clock: Clock
  log: Log
  hostFacts?: () => HostFacts
  /** Seconds between heartbeats (default HEARTBEAT_SECONDS). */
  heartbeatSeconds?: number
  /** `host:port` of this agent's log endpoint, reported in status; absent when it serves none. */
  agentAddress?: string
  /** SHA-256 of the certificate that endpoint serves (`--tls-cert`), reported beside the address. */
  agentCertificateSha256?: string
  /** The IP this host's published ports are reached at (`--address`), reported in status. */
  address?: string
  /** Draws the retry delays' jitter (tests). */
  random?: () => number
}

/**
 * Creates the Host if missing, bare (an agent may write only its Host's status: its labels travel there), else
 * returns it as stored. Two agents racing on one name: the loser reads the winner's.
 */
export async function registerHost(deps: RegistrarDeps): Promise<Host> {
  const existing = await deps.client.get('Host', deps.hostName).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (existing) return existing
  const metadata = { name: deps.hostName }
  try {
    const host = await deps.client.create('Host', { apiVersion: API_VERSION, kind: 'Host', metadata, spec: {} })
    deps.log('info', 'registered host', { host: deps.hostName, labels: deps.labels })
    return host
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err
    return deps.client.get('Host', deps.hostName)
  }
}

/** Writes Host status UP with a fresh heartbeat and machine facts; Docker facts are left out while Docker is away. */
export async function heartbeat(deps: RegistrarDeps, host: Host): Promise<Host> {
  const docker = await deps.runtime.info().catch(() => undefined)
  const status: HostStatus = {
    state: 'UP',
    lastHeartbeat: new Date(deps.clock.now()).toISOString(),
    agentStartedAt: deps.startedAt,
    agentVersion: deps.agentVersion,
    ...(Object.keys(deps.labels).length > 0 ? { labels: { ...deps.labels } } : {}),
    ...(deps.address ? { address: deps.address } : {}),
    ...(deps.agentAddress ? { agentAddress: deps.agentAddress } : {}),
    ...(deps.agentAddress && deps.agentCertificateSha256
      ? { agentCertificateSha256: deps.agentCertificateSha256 }
      : {}),
    hostInfo: {
      ...(deps.hostFacts ?? readHostFacts)(),
      ...(docker ? { dockerVersion: docker.version, dockerApiVersion: docker.apiVersion } : {}),
    },
  }
  // Status is the agent's alone: no resourceVersion, so a concurrent label edit never makes it fail.
  const { resourceVersion: _rv, ...metadata } = host.metadata
  return deps.client.updateStatus('Host', { ...host, metadata, status })
}

/**
 * Registers, then heartbeats until `signal` aborts. Failures are logged and retried with a jittered Backoff, never
 * fatal: a thousand agents that lost the same apiserver come back spread out, not all in the same second.
 */
export async function runRegistrar(deps: RegistrarDeps, signal: AbortSignal): Promise<void> {
  let host: Host | undefined
  const periodMs = (deps.heartbeatSeconds ?? HEARTBEAT_SECONDS) * 1000
  const retry = new Backoff(heartbeatRetry(periodMs), deps.random)
  while (!signal.aborted) {
    let waitMs = periodMs
    try {
      host ??= await registerHost(deps)
      host = await heartbeat(deps, host)
      if (retry.failures > 0) deps.log('info', 'heartbeat restored', { host: deps.hostName, failures: retry.failures })
      retry.succeeded()
    } catch (err) {
      if (signal.aborted) break
      // The Host was deleted meanwhile: create it again.
      if (isNotFound(err)) host = undefined
      waitMs = retry.failed()
      deps.log('warn', 'heartbeat failed; retrying', {
        host: deps.hostName,
        error: errorMessage(err),
        failures: retry.failures,
        waitMs,
      })
    }
    await deps.clock.sleep(waitMs, signal)
  }
}

/** @module Health probes: http (2xx/3xx) and tcp against the task's published host port, exec through the runtime. */
import { get as httpGet } from 'node:http'
import { connect } from 'node:net'
import type { HealthCheck, PortMapping } from '../apis/index.js'
import { errorMessage } from '../client/index.js'
import type { TaskPorts } from './ports.js'
import type { ContainerRuntime } from './runtime/container-runtime.js'

export type HealthResult = { ok: true } | { ok: false; reason: string }

export interface ProbeTarget {
  containerId: string
  ports: TaskPorts
  jobPorts: Readonly<Record<string, PortMapping>>
}

/** One attempt; resolves within about `timeoutMs` and never rejects. */
export type HealthProbe = (check: HealthCheck, target: ProbeTarget) => Promise<HealthResult>

/**
 * Failure reasons name the check and what it saw, e.g. `http check GET http://127.0.0.1:20001/ failed: 500`,
 * `tcp check 127.0.0.1:20001 failed: ECONNREFUSED`, `exec check "cat /ready" exited 1`: the agent
 * reports them as the HEALTHCHECKING task's containerError.
 */
export function createHealthProbe(runtime: Pick<ContainerRuntime, 'exec'>, timeoutMs = 5_000): HealthProbe {
  return async (check, target) => {
    if (check.type === 'exec') return probeExec(runtime, target.containerId, check.command, timeoutMs)
    const address = addressOf(check.port, target)
    if (!address) return { ok: false, reason: `${check.type} check: port "${check.port}" has no host port` }
    if (check.type === 'tcp') return probeTcp(address.host, address.port, timeoutMs)
    return probeHttp(`http://${address.host}:${address.port}${check.path}`, timeoutMs)
  }
}

// Containers are reached only through their published ports, on the bound IP or else loopback.
function addressOf(portName: string, target: ProbeTarget): { host: string; port: number } | undefined {
  const bound = target.ports[portName]
  if (!bound) return undefined
  const ip = target.jobPorts[portName]?.ip
  return { host: ip && ip !== '0.0.0.0' ? ip : '127.0.0.1', port: bound.externalPort }
}

async function probeExec(
  runtime: Pick<ContainerRuntime, 'exec'>,
  containerId: string,
  command: string[],
  timeoutMs: number,
): Promise<HealthResult> {
  const what = `exec check "${command.join(' ')}"`
  try {
    const code = await runtime.exec(containerId, command, timeoutMs)
    return code === 0 ? { ok: true } : { ok: false, reason: `${what} exited ${code}` }
  } catch (err) {
    return { ok: false, reason: `${what} failed: ${errorMessage(err)}` }
  }
}

// node:http, not fetch: fetch refuses "bad ports" (6000, 6665-6669, 10080, ...) that a Job may well publish.
function probeHttp(url: string, timeoutMs: number): Promise<HealthResult> {
  const what = `http check GET ${url}`
  return new Promise((resolve) => {
    const req = httpGet(url, { timeout: timeoutMs, headers: { 'user-agent': 'helios-agent' } }, (res) => {
      res.resume()
      const status = res.statusCode ?? 0
      resolve(status >= 200 && status < 400 ? { ok: true } : { ok: false, reason: `${what} failed: ${status}` })
      req.destroy()
    })
    req.once('timeout', () => {
      resolve({ ok: false, reason: `${what} failed: no answer within ${timeoutMs / 1000} s` })
      req.destroy()
    })
    req.once('error', (err: NodeJS.ErrnoException) =>
      resolve({ ok: false, reason: `${what} failed: ${err.code ?? errorMessage(err)}` }),
    )
  })
}

/**
 * How long a connection must stay open to count. Docker's port proxy accepts every connection on a
 * published port and closes it within milliseconds when nothing listens inside the container, so a bare
 * connect would pass a check against a server that is not up yet.
 */
export const TCP_HOLD_MS = 200

function probeTcp(host: string, port: number, timeoutMs: number): Promise<HealthResult> {
  const what = `tcp check ${host}:${port}`
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    let holdTimer: NodeJS.Timeout | undefined
    const done = (result: HealthResult) => {
      clearTimeout(holdTimer)
      socket.removeAllListeners()
      socket.on('error', () => {})
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(timeoutMs, () =>
      done({ ok: false, reason: `${what} failed: no answer within ${timeoutMs / 1000} s` }),
    )
    socket.once('connect', () => {
      socket.setTimeout(0)
      holdTimer = setTimeout(() => done({ ok: true }), TCP_HOLD_MS)
    })
    socket.once('close', () =>
      done({
        ok: false,
        reason: `${what} failed: the connection was closed at once (nothing listening in the container?)`,
      }),
    )
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, reason: `${what} failed: ${err.code ?? errorMessage(err)}` }),
    )
  })
}

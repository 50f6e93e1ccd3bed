/** @module Health probes: http (2xx/3xx) and tcp against the task's published host port, exec through the runtime. */
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

export function createHealthProbe(runtime: Pick<ContainerRuntime, 'exec'>, timeoutMs = 5_000): HealthProbe {
  return async (check, target) => {
    try {
      if (check.type === 'exec') {
        const code = await runtime.exec(target.containerId, check.command, timeoutMs)
        return code === 0 ? { ok: true } : { ok: false, reason: `${check.command.join(' ')} exited ${code}` }
      }
      const address = addressOf(check.port, target)
      if (!address) return { ok: false, reason: `port "${check.port}" has no host port` }
      if (check.type === 'tcp') return await probeTcp(address.host, address.port, timeoutMs)
      return await probeHttp(`http://${address.host}:${address.port}${check.path}`, timeoutMs)
    } catch (err) {
      return { ok: false, reason: errorMessage(err) }
    }
  }
}

// Containers are reached only through their published ports, on the bound IP or else loopback.
function addressOf(portName: string, target: ProbeTarget): { host: string; port: number } | undefined {
  const bound = target.ports[portName]
  if (!bound) return undefined
  const ip = target.jobPorts[portName]?.ip
  return { host: ip && ip !== '0.0.0.0' ? ip : '127.0.0.1', port: bound.externalPort }
}

async function probeHttp(url: string, timeoutMs: number): Promise<HealthResult> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    await res.body?.cancel()
    return res.status >= 200 && res.status < 400
      ? { ok: true }
      : { ok: false, reason: `GET ${url} answered ${res.status}` }
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code
    return { ok: false, reason: `GET ${url} failed: ${cause ?? errorMessage(err)}` }
  }
}

function probeTcp(host: string, port: number, timeoutMs: number): Promise<HealthResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (result: HealthResult) => {
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(timeoutMs, () => done({ ok: false, reason: `connect ${host}:${port} timed out` }))
    socket.once('connect', () => done({ ok: true }))
    socket.once('error', (err) => done({ ok: false, reason: `connect ${host}:${port} failed: ${errorMessage(err)}` }))
  })
}

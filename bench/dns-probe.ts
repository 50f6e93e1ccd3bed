/** @module A DNS client for benchmarks: how many SRV records a name has at a server (node:dns, asking only it). */
import { Resolver } from 'node:dns/promises'

export interface DnsAddress {
  host: string
  port: number
}

/** `HOST:PORT` as `HELIOS_DNS` gives it. */
export function parseDnsAddress(value: string): DnsAddress | undefined {
  const m = /^(.+):(\d+)$/.exec(value)
  return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) } : undefined
}

/** The number of SRV records of `name` (0 for NXDOMAIN or none); rejects when nothing answers within `timeoutMs`. */
export async function srvCount(at: DnsAddress, name: string, timeoutMs = 1000): Promise<number> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 })
  resolver.setServers([at.host.includes(':') ? `[${at.host}]:${at.port}` : `${at.host}:${at.port}`])
  try {
    return (await resolver.resolveSrv(name)).length
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOTFOUND' || code === 'ENODATA') return 0
    throw new Error(`no SRV answer from ${at.host}:${at.port}: ${code ?? String(err)}`)
  }
}

/** Asks every `everyMs` until `ok(count)`; resolves with the time it first held (process.hrtime). */
export async function pollSrv(at: DnsAddress, name: string, ok: (count: number) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (ok(await srvCount(at, name))) return process.hrtime.bigint()
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${name} at ${at.host}:${at.port}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

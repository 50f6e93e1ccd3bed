/** @module Facts about this machine for the Host status (hostInfo), read from node:os. */
import { arch, cpus, freemem, hostname, loadavg, release, totalmem, type } from 'node:os'
import type { HostStatus } from '../apis/index.js'

export type HostInfo = NonNullable<HostStatus['hostInfo']>
export type HostFacts = Omit<HostInfo, 'dockerVersion' | 'dockerApiVersion'>

export function readHostFacts(): HostFacts {
  return {
    hostname: hostname(),
    os: `${type()} ${release()}`,
    architecture: arch(),
    cpus: cpus().length,
    memoryTotalBytes: totalmem(),
    memoryFreeBytes: freemem(),
    loadAvg: loadavg()[0] ?? 0,
  }
}

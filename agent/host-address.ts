/** @module `--address`: the IP this host's published ports are reached at (Host status.address, Endpoints' address); pure. */
import { isIP } from 'node:net'
import type { NetworkInterfaceInfo } from 'node:os'
import { unusableAddressProblem } from '../apis/index.js'

/**
 * The first non-loopback IPv4 of this machine's interfaces, in the order the OS lists them (eth0 before docker0 on a
 * usual host); undefined on a machine with none. A published port binds every interface, so any of them reaches it.
 */
export function defaultHostAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | undefined {
  for (const addresses of Object.values(interfaces))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  return undefined
}

/**
 * `--address` (or the address flag `flagName`) as given (an IPv4 or IPv6 address, neither unspecified, multicast nor
 * broadcast) or the default from `interfaces` (none on a machine without one); else the problem, naming `flagName`.
 */
export function parseHostAddress(
  flag: string | undefined,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  flagName = '--address',
): { address: string | undefined } | string {
  if (flag === undefined) return { address: defaultHostAddress(interfaces) }
  if (isIP(flag) === 0) return `invalid ${flagName} "${flag}": expected an IPv4 or IPv6 address`
  const unusable = unusableAddressProblem(`invalid ${flagName}`, flag)
  return unusable ?? { address: flag }
}

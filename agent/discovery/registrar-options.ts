/** @module `--registrar`, `--registrar-address`, `--registrar-srv-file` and `--domain`: checked, then the registrar built. */
import { statSync } from 'node:fs'
import { isIP } from 'node:net'
import type { NetworkInterfaceInfo } from 'node:os'
import { resolve } from 'node:path'
import { createDnsmasqRegistrar } from './dnsmasq-registrar.js'
import { builtinRegistrar, type ServiceRegistrar } from './service-registrar.js'

export interface RegistrarFlags {
  registrar: string
  address?: string
  /** The host's `--address`, the default of `address`. */
  hostAddress?: string
  srvFile?: string
  domain: string
}

const DOMAIN = /^([A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?\.?$/

/** The registrar the flags ask for, or a one-line error naming the flag. */
export function registrarFromFlags(
  flags: RegistrarFlags,
  host: string,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): ServiceRegistrar | string {
  if (flags.domain !== '' && !DOMAIN.test(flags.domain))
    return `invalid --domain "${flags.domain}": expected a DNS name such as example.net`
  if (flags.registrar === 'builtin') {
    const extra =
      flags.address !== undefined ? '--registrar-address' : flags.srvFile !== undefined && '--registrar-srv-file'
    return extra ? `${extra} needs --registrar dnsmasq:DIR` : builtinRegistrar
  }
  if (!flags.registrar.startsWith('dnsmasq:') || flags.registrar === 'dnsmasq:')
    return `invalid --registrar "${flags.registrar}": expected builtin or dnsmasq:DIR`
  const dir = resolve(flags.registrar.slice('dnsmasq:'.length))
  if (!isDirectory(dir)) return `invalid --registrar "${flags.registrar}": ${dir} is not a directory`
  const address = flags.address ?? flags.hostAddress ?? defaultAddress(interfaces)
  if (isIP(address) === 0) return `invalid --registrar-address "${address}": expected an IPv4 or IPv6 address`
  const srvFile = flags.srvFile === undefined ? undefined : resolve(flags.srvFile)
  return createDnsmasqRegistrar({ dir, host, address, srvFile })
}

/** This machine's first external IPv4 address (interfaces by name), else loopback: what other hosts most likely reach. */
export function defaultAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  const external = Object.keys(interfaces)
    .sort()
    .flatMap((name) => interfaces[name] ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal)
  return external?.address ?? '127.0.0.1'
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** @module `--registrar`, `--registrar-address`, `--registrar-srv-file` and `--domain`: checked, then the registrar built. */
import { constants, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { isDnsName } from '../../apis/index.js'
import type { Log } from '../../client/index.js'
import { parseHostAddress } from '../host-address.js'
import { createDnsmasqRegistrar } from './dnsmasq-registrar.js'
import type { ServiceRegistrar } from './service-registrar.js'

export interface RegistrarFlags {
  registrar: string
  address?: string
  /** The host's `--address`, the default of `address` (absent: loopback). */
  hostAddress?: string
  srvFile?: string
  domain: string
}

/**
 * The registrar the flags ask for (none for `builtin`, which announces nothing itself: the apiserver builds Endpoints
 * from Task statuses), or a one-line error naming the flag.
 */
export function registrarFromFlags(
  flags: RegistrarFlags,
  host: string,
  log: Log = () => {},
): ServiceRegistrar | undefined | string {
  if (flags.domain !== '' && !isDnsName(flags.domain))
    return `invalid --domain "${flags.domain}": expected a DNS name such as example.net`
  if (flags.registrar === 'builtin') {
    const extra =
      flags.address !== undefined ? '--registrar-address' : flags.srvFile !== undefined && '--registrar-srv-file'
    return extra ? `${extra} needs --registrar dnsmasq:DIR` : undefined
  }
  if (!flags.registrar.startsWith('dnsmasq:') || flags.registrar === 'dnsmasq:')
    return `invalid --registrar "${flags.registrar}": expected builtin or dnsmasq:DIR`
  const dir = resolve(flags.registrar.slice('dnsmasq:'.length))
  const dirProblem = directoryProblem(dir)
  if (dirProblem) return `invalid --registrar "${flags.registrar}": ${dir} ${dirProblem}`
  // No interfaces: without the flag, the default is the host's --address, not a guess of its own.
  const given = parseHostAddress(flags.address, {}, '--registrar-address')
  if (typeof given === 'string') return given
  const address = given.address ?? flags.hostAddress ?? '127.0.0.1'
  const srvFile = flags.srvFile === undefined ? undefined : resolve(flags.srvFile)
  return createDnsmasqRegistrar({ dir, host, address, srvFile, log })
}

/** The sticky bit (S_ISVTX), which Node's fs.constants lacks. */
const STICKY = 0o1000

/**
 * Why `path` cannot hold the registrar's files, if it cannot. Another user who may create files there (without the
 * sticky bit, which stops them replacing ours) could swap a hosts file or the state file for one of their own.
 */
function directoryProblem(path: string): string | undefined {
  try {
    const stat = statSync(path)
    if (!stat.isDirectory()) return 'is not a directory'
    const writableByOthers = (stat.mode & (constants.S_IWGRP | constants.S_IWOTH)) !== 0
    if (writableByOthers && (stat.mode & STICKY) === 0)
      return 'is writable by group or others without the sticky bit (chmod go-w or +t)'
    return undefined
  } catch {
    return 'is not a directory'
  }
}

/** @module Parsers of the apiserver's flag values: each throws commander's InvalidArgumentError saying what it wants. */
import { InvalidArgumentError } from 'commander'
import { parseAgentAddress } from '../../apis/index.js'
import { parseByteSize } from '../rules/ramdisk-options.js'
import { isCapabilityName } from '../rules/rule-options.js'

export const MiB = 1024 * 1024

export function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is 0-65535')
  return port
}

/** `--allowed-capability` values, repeatable: `NET_ADMIN`, `CAP_SYS_TIME`, or `ALL`. */
export function addCapability(value: string, all: string[]): string[] {
  if (!isCapabilityName(value)) throw new InvalidArgumentError('a capability is a name like NET_ADMIN (or ALL)')
  return [...all, value]
}

/** A repeatable flag whose every value passes `check` (which returns what is wrong, or undefined). */
export const repeatable =
  (check: (value: string) => string | undefined) =>
  (value: string, all: string[]): string[] => {
    const problem = check(value)
    if (problem) throw new InvalidArgumentError(problem)
    return [...all, value]
  }

export const nonEmpty = (value: string) => (value.trim() === '' ? 'give a value' : undefined)

/** A flag that must not be empty: an unset variable in a systemd unit's `--tls-cert ${X}` would otherwise turn TLS off. */
export function given(value: string): string {
  const problem = nonEmpty(value)
  if (problem) throw new InvalidArgumentError(problem)
  return value
}

export function parseSize(value: string): string {
  if (parseByteSize(value) === undefined) throw new InvalidArgumentError('a size like 64m, 1g or 65536k')
  return value
}

export function parseSeconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds, at least 1')
  return n
}

export function parseCount(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, at least 1')
  return n
}

/** `--zk-acl-digest user:password`: a non-empty user, a colon, a non-empty password. */
export function parseDigest(value: string): string {
  if (!/^[^:]+:.+$/.test(value)) throw new InvalidArgumentError('give user:password')
  return value
}

/**
 * `--name`: this apiserver's record in ZooKeeper is `<root>/masters/<name>`, so a name of dots (`.`, `..`: no node
 * name ZooKeeper takes) or blank would fail to announce on every retry instead of at startup.
 */
export function parseMasterName(value: string): string {
  if (value.trim() === '' || /^\.+$/.test(value))
    throw new InvalidArgumentError('give a name, not blank or only dots, e.g. api1 or api1.example.com:5801')
  return value
}

/** `--advertise-url`: one http(s) URL without user, query or fragment, as clients would use it. */
export function parseAdvertiseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash)
    throw new InvalidArgumentError('an http:// or https:// URL such as https://helios1.example.com:5801')
  return value.replace(/\/+$/, '')
}

/** `--dns-listen`: `ADDRESS:PORT` or `[IPv6]:PORT`. */
export function parseListen(value: string): { host: string; port: number } {
  const at = parseAgentAddress(value)
  if (!at) throw new InvalidArgumentError('ADDRESS:PORT, e.g. 127.0.0.1:5353 or [::1]:53')
  return at
}

/** `--dns-domain`: DNS labels separated by dots, such as `helios` or `services.example.com`. */
export function parseDnsDomain(value: string): string {
  const domain = value.replace(/\.$/, '')
  if (!/^[A-Za-z0-9_-]{1,63}(\.[A-Za-z0-9_-]{1,63})*$/.test(domain) || domain.length > 253)
    throw new InvalidArgumentError('a domain such as helios or services.example.com')
  return domain
}

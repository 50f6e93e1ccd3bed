/** @module What the dnsmasq registrar writes (pure): a hosts file for `--hostsdir` and `srv-host=` lines for a conf file. */
import { isDnsName } from '../../apis/index.js'
import type { ServiceRegistration } from './registrations.js'

type ByTask = ReadonlyMap<string, readonly ServiceRegistration[]>

/** Told each line left out because a name, address or port in it could not be written safely. */
export type OnRefused = (line: string, reason: string) => void

/** `<name>.<domain>`, or the name alone when there is no domain. */
const qualified = (name: string, domain: string): string => (domain ? `${name}.${domain}` : name)

/**
 * The name SRV records point at for this host's ports: `<host>.hosts.<domain>`, one per host so a port never pairs
 * with another's address, and under `hosts.` so a service named like a host cannot answer for it (the apiserver's
 * DNS names hosts the same way).
 */
export const srvTarget = (r: ServiceRegistration): string => qualified(`${r.host}.hosts`, r.domain)

/**
 * Defence in depth behind the Job schema: dnsmasq reads these files line by line, so a name with a newline, a blank
 * or a character outside DNS names (a state file edited by hand, an older apiserver) could add records or options.
 */
function problem(names: readonly string[], port?: number): string | undefined {
  const bad = names.find((n) => !isDnsName(n))
  if (bad !== undefined) return `not a DNS name: ${JSON.stringify(bad)}`
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) return `not a port: ${port}`
  return undefined
}

/** `header` and the lines whose parts are safe, sorted and each once; the others are reported and left out. */
function fileOf(header: string, candidates: [line: string, problem: string | undefined][], onRefused: OnRefused) {
  const lines = new Set<string>()
  for (const [line, why] of candidates) {
    if (why === undefined) lines.add(line)
    else onRefused(JSON.stringify(line), why)
  }
  return [header, ...[...lines].sort(), ''].join('\n')
}

/**
 * One line per name, all at this host's `address` (an IP: the registrar checks it once, at start): `<service>.<domain>`
 * (the A record clients resolve) and each SRV target. dnsmasq answers every host's file for a name, so N hosts give N
 * addresses.
 */
export function hostsFile(address: string, byTask: ByTask, host: string, onRefused: OnRefused = () => {}): string {
  const names = new Set<string>()
  for (const registrations of byTask.values())
    for (const r of registrations) names.add(qualified(r.service, r.domain)).add(srvTarget(r))
  const header = `# helios-agent ${host}: its RUNNING Tasks' registrations (rewritten on change; do not edit)`
  const lines = [...names].map((name): [string, string | undefined] => [`${address} ${name}`, problem([name])])
  return fileOf(header, lines, onRefused)
}

/** `srv-host=_<service>._<protocol>.<domain>,<target>,<port>`: dnsmasq reads them only when it starts (see README). */
export function srvConf(byTask: ByTask, host: string, onRefused: OnRefused = () => {}): string {
  const lines: [string, string | undefined][] = []
  for (const registrations of byTask.values())
    for (const r of registrations) {
      const [name, target] = [qualified(`_${r.service}._${r.protocol}`, r.domain), srvTarget(r)]
      lines.push([`srv-host=${name},${target},${r.port}`, problem([name, target], r.port)])
    }
  return fileOf(`# helios-agent ${host}: SRV records of its RUNNING Tasks (do not edit)`, lines, onRefused)
}

/** @module What the dnsmasq registrar writes (pure): a hosts file for `--hostsdir` and `srv-host=` lines for a conf file. */
import type { ServiceRegistration } from './registrations.js'

type ByTask = ReadonlyMap<string, readonly ServiceRegistration[]>

/** `<name>.<domain>`, or the name alone when there is no domain. */
const qualified = (name: string, domain: string): string => (domain ? `${name}.${domain}` : name)

/** The name SRV records point at for this host's ports: one per host, so a port never pairs with another's address. */
export const srvTarget = (r: ServiceRegistration): string => qualified(r.host, r.domain)

/**
 * One line per name, all at this host's `address`: `<service>.<domain>` (the A record clients resolve) and each
 * SRV target. dnsmasq answers every host's file for a name, so N hosts give N addresses.
 */
export function hostsFile(address: string, byTask: ByTask, host: string): string {
  const names = new Set<string>()
  for (const registrations of byTask.values())
    for (const r of registrations) names.add(qualified(r.service, r.domain)).add(srvTarget(r))
  const lines = [...names].sort().map((name) => `${address} ${name}`)
  return [
    `# helios-agent ${host}: its RUNNING Tasks' registrations (rewritten on change; do not edit)`,
    ...lines,
    '',
  ].join('\n')
}

/** `srv-host=_<service>._<protocol>.<domain>,<target>,<port>`: dnsmasq reads them only when it starts (see README). */
export function srvConf(byTask: ByTask, host: string): string {
  const lines = new Set<string>()
  for (const registrations of byTask.values())
    for (const r of registrations)
      lines.add(`srv-host=${qualified(`_${r.service}._${r.protocol}`, r.domain)},${srvTarget(r)},${r.port}`)
  return [`# helios-agent ${host}: SRV records of its RUNNING Tasks (do not edit)`, ...[...lines].sort(), ''].join('\n')
}

/** @module The global flags naming apiservers: `--server` and Helios' `-z/--master` joined, else `-d/--domains` by SRV. */
import { UsageError } from '../usage-error.js'
import type { TargetInputs } from './server-target.js'
import { DEFAULT_SRV_NAME, resolveSrvServers, type SrvResolver, splitDomains } from './srv-target.js'

export interface ServerFlags {
  server?: string
  /** `-z/--master`, repeatable; each may hold a comma-separated list. */
  master?: string[]
  /** `-d/--domains`, repeatable; each may hold a comma-separated list. */
  domains?: string[]
  srvName?: string
}

/**
 * `--server a -z b -z c` → `a,b,c` (one cluster's apiservers, failed over between); with neither, the `-d` domains'
 * SRV records (looked up now, so a domain that resolves to nothing fails before the verb does anything).
 */
export async function serverInputs(
  flags: ServerFlags,
  dns: () => SrvResolver,
): Promise<Pick<TargetInputs, 'server' | 'serverFlag' | 'discovered'>> {
  const master = flags.master ?? []
  const given = [...(flags.server === undefined ? [] : [flags.server]), ...master]
  if (given.length > 0) {
    const serverFlag = master.length === 0 ? '--server' : flags.server === undefined ? '-z' : '--server and -z'
    return { server: given.join(','), serverFlag }
  }
  if (flags.domains === undefined) return {}
  const domains = splitDomains(flags.domains)
  if (domains.length === 0) throw new UsageError('-d/--domains: no domain given')
  const srvName = flags.srvName ?? DEFAULT_SRV_NAME
  return { discovered: { servers: await resolveSrvServers(domains, srvName, dns()), domains, srvName } }
}

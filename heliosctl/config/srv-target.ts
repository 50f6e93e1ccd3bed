/** @module Helios' `-d/--domains`: the apiservers named by DNS SRV records `_<srv-name>._https|_http.<domain>`. */
import { Resolver } from 'node:dns/promises'
import { ApiError } from '../../apis/index.js'
import { UsageError } from '../usage-error.js'

/** How a failed SRV lookup's error starts (error-hints.ts gives it a hint about DNS, not the apiserver). */
export const SRV_LOOKUP_FAILED = 'cannot look up SRV records of'

/** Helios' default `--srv-name`. */
export const DEFAULT_SRV_NAME = 'helios'

/** What a lookup needs of node's resolver; tests point a real `Resolver` at a DNS server of their own. */
export interface SrvResolver {
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>
}

/** The system resolver (/etc/resolv.conf). */
export const systemSrvResolver = (): SrvResolver => new Resolver()

/** `-d a,b -d c` → `[a, b, c]`, empty entries and repeats dropped (Helios' parseDomains). */
export const splitDomains = (values: readonly string[]): string[] => [
  ...new Set(
    values
      .flatMap((v) => v.split(','))
      .map((d) => d.trim())
      .filter((d) => d !== ''),
  ),
]

/**
 * The apiserver URLs of every domain, as one comma-separated list: per domain `_<srv>._https.<domain>` first and,
 * only when it has no records, `_<srv>._http.<domain>` (Helios' Resolver), ordered by priority, then weight (highest
 * first). A domain with neither is an error naming both names, so a typo never silently falls back to another server.
 */
export async function resolveSrvServers(
  domains: readonly string[],
  srvName: string,
  dns: SrvResolver,
): Promise<string> {
  const urls: string[] = []
  for (const domain of domains) {
    const found = (await lookup(dns, 'https', srvName, domain)) ?? (await lookup(dns, 'http', srvName, domain))
    if (!found) {
      const names = `_${srvName}._https.${domain} and _${srvName}._http.${domain}`
      throw new ApiError('NotFound', `no apiservers found for domain ${domain}: ${names} have no SRV records`)
    }
    urls.push(...found)
  }
  return [...new Set(urls)].join(',')
}

async function lookup(
  dns: SrvResolver,
  scheme: string,
  srvName: string,
  domain: string,
): Promise<string[] | undefined> {
  const name = `_${srvName}._${scheme}.${domain}`
  const records = await dns.resolveSrv(name).catch((err: NodeJS.ErrnoException) => {
    // No such name, or the name without SRV records: try the next form. Anything else (no DNS server) is an error.
    if (err.code === 'ENOTFOUND' || err.code === 'ENODATA') return []
    // The resolver refuses the name itself before asking anyone: the flags made it, so it is theirs to fix.
    if (err.code === 'EBADNAME')
      throw new UsageError(
        `-d/--srv-name: "${name}" is no DNS name (labels of 1-63 letters, digits and "-", 253 characters in all)`,
      )
    throw new ApiError('Unavailable', `${SRV_LOOKUP_FAILED} ${name}: ${err.code ?? err.message}`)
  })
  if (records.length === 0) return undefined
  return [...records]
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
    .map((r) => `${scheme}://${r.name.includes(':') ? `[${r.name}]` : r.name}:${r.port}`)
}

/** @module Which domain the built-in DNS serves an endpoint in: only the dns-domain and names under it. */

const withoutDot = (name: string): string => name.replace(/\.$/, '').toLowerCase()

/**
 * The domain (lower case, no final dot) an endpoint with this `registrationDomain` is served in, or undefined when the
 * built-in DNS leaves it out: '' is the dns-domain, a relative `foo` is `foo.<dns-domain>`, an absolute `foo.` is served
 * only when it is the dns-domain or under it (the DNS must never answer for a zone it does not own, e.g. `google.com.`).
 */
export function servedDomain(registrationDomain: string, dnsDomain: string): string | undefined {
  const apex = withoutDot(dnsDomain)
  if (registrationDomain === '') return apex
  if (!registrationDomain.endsWith('.')) return `${withoutDot(registrationDomain)}.${apex}`
  const absolute = withoutDot(registrationDomain)
  return absolute === apex || absolute.endsWith(`.${apex}`) ? absolute : undefined
}

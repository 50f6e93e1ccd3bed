/** @module The apiservers one client may use: `--server http://a:5801,http://b:5801` as a list, and which entries are URLs. */

/** A comma-separated list (or a list) → its URLs, trimmed, without trailing slashes, empty entries and repeats dropped. */
export function splitServers(servers: string | readonly string[]): string[] {
  const entries = typeof servers === 'string' ? servers.split(',') : servers.flatMap((s) => s.split(','))
  const urls = entries.map((s) => s.trim().replace(/\/+$/, '')).filter((s) => s !== '')
  return [...new Set(urls)]
}

/** Why `servers` is no usable list of apiserver URLs, or undefined when every entry is an http:// or https:// URL. */
export function serverListProblem(servers: string): string | undefined {
  const urls = splitServers(servers)
  if (urls.length === 0) return 'no apiserver URL given'
  for (const url of urls) {
    const problem = urlProblem(url)
    if (problem) return `"${redacted(url)}" ${problem}`
  }
  return undefined
}

// A password typed into a URL must not be echoed to a terminal or a log by the message refusing it.
const redacted = (text: string): string => text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@')

function urlProblem(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'is not a URL (expected http://host:port or https://host:port)'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http:// or https:// URL'
  if (url.hostname === '') return 'names no host'
  // A token goes in a header (--auth-token), never in a URL that ends up in logs and error messages.
  if (url.username !== '' || url.password !== '') return 'must not hold a user or password (use a token)'
  // A bare '#' or '?' leaves url.hash and url.search empty, yet '#' would cut off every request path appended to it.
  if (/[?#]/.test(text)) return 'must not have a query or fragment'
  // Request paths are appended to the URL as written (failover-sender.ts): a path would lead every request elsewhere.
  if (url.pathname !== '/' && url.pathname !== '')
    return 'must not have a path (expected http://host:port or https://host:port)'
  return undefined
}

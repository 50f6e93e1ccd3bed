// Internal: iproute2's `ip` run synchronously (namespace and link changes take milliseconds), its errors as thrown.
import { execFileSync } from 'node:child_process'

/** `ip ARGS`; its stdout, or throws with ip's stderr as `stderr`. */
export const ip = (...args: string[]): string =>
  execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** `ip ARGS` for a removal that may find nothing to remove. */
export function tryIp(...args: string[]): void {
  try {
    ip(...args)
  } catch {
    // already gone
  }
}

/** What ip said went wrong, for an error message. */
export const ipProblem = (err: unknown): string => (err as { stderr?: string }).stderr?.trim() || (err as Error).message

/** The IPv4 networks this machine routes or holds an address in, as "a.b.c.d/n" (or a bare address). */
export function ipv4Networks(): string[] {
  const routes = ip('-4', 'route', 'show', 'table', 'all').split('\n')
  const addrs = ip('-4', '-o', 'addr', 'show').split('\n')
  return [...routes, ...addrs].flatMap((line) => line.match(/\b\d+\.\d+\.\d+\.\d+(\/\d+)?\b/g) ?? [])
}

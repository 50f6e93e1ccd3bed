/** @module Host status fields only the host's own agent writes: where the apiserver dials it, and what it trusts there. */
import type { Host, HostStatus } from '../../apis/index.js'
import type { AuthUser } from '../auth/authorize.js'

/**
 * The apiserver dials `agentAddress` with the agent's bearer token (logs), so anyone else who could set it could
 * collect that token; and Endpoints send clients to `address`: a write by anyone but the host's agent keeps the
 * stored values (drops them on create).
 */
const AGENT_OWNED = ['agentAddress', 'agentCertificateSha256', 'address'] as const satisfies ReadonlyArray<
  keyof HostStatus
>

/**
 * `next` with the agent-owned status fields of `current` when `writer` is not the host's own agent. With the API
 * open (no writer known) nothing is kept: no credential is ever sent to an agent then (server-auth.ts).
 */
export function keepAgentOwnedStatus(next: Host, current: Host | undefined, writer: AuthUser | undefined): Host {
  if (!writer || (writer.role === 'agent' && writer.name === next.metadata.name)) return next
  if (!next.status) return next
  const status: Record<string, unknown> = { ...next.status }
  const stored = (current?.status ?? {}) as Record<string, unknown>
  for (const field of AGENT_OWNED) {
    if (stored[field] === undefined) delete status[field]
    else status[field] = stored[field]
  }
  return { ...next, status: status as HostStatus }
}

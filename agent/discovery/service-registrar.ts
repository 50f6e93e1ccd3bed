/** @module The registrar plugin seam (Helios' ServiceRegistrar): where an agent announces its RUNNING Tasks' ports. */
import type { ServiceRegistration } from './registrations.js'

/**
 * A discovery system this agent announces its Tasks to. Calls for one Task never overlap; calls for different Tasks
 * may. Both methods are idempotent: the agent calls them again on every resync and after any failure (a rejected
 * promise is retried with backoff and never stops or delays a container).
 */
export interface ServiceRegistrar {
  /** Named in logs: `builtin`, `dnsmasq:/etc/dnsmasq.hosts.d`. */
  readonly name: string
  /** Announces `registrations` as all of `task`'s, replacing what was announced for it before. */
  register(task: string, registrations: readonly ServiceRegistration[]): Promise<void>
  /** Withdraws everything announced for `task`; a Task never registered is fine. */
  deregister(task: string): Promise<void>
  /**
   * What is announced now, by Task (read once at start): a registrar that outlives the agent (a file, a remote
   * registry) answers what the last agent left, so registrations of Tasks deleted meanwhile are withdrawn.
   */
  registered(): Promise<ReadonlyMap<string, readonly ServiceRegistration[]>>
}

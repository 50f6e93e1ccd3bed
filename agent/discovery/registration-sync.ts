/** @module RegistrationSync: hands the registrar what each Task should announce, once per change, retrying failures. */
import { Backoff, type Clock, errorMessage, type Log } from '../../client/index.js'
import { REGISTRAR_RETRY } from '../retry-policies.js'
import type { ServiceRegistration } from './registrations.js'
import type { ServiceRegistrar } from './service-registrar.js'

export interface RegistrationSyncDeps {
  registrar: ServiceRegistrar
  clock: Clock
  log: Log
  /** Ends the retries (the agent stops). */
  signal?: AbortSignal
  /** Draws the retry delays' jitter (tests). */
  random?: () => number
}

/**
 * The agent's side of the seam. `announce` and `withdraw` are called on every reconcile, so they return at once when
 * nothing changed; a change is handed to the registrar and awaited once (a withdrawal is done before the grace
 * period starts). A failure is logged and retried in the background with backoff, the latest wish winning; it is
 * never thrown, since discovery must not stop, delay or fail a container. Registrar calls never overlap.
 */
export class RegistrationSync {
  private readonly wanted = new Map<string, readonly ServiceRegistration[]>()
  /** What the registrar holds, by Task, as JSON (absent: nothing). */
  private readonly applied = new Map<string, string>()
  private readonly retrying = new Set<string>()
  private tail: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: RegistrationSyncDeps) {}

  /** Reads what the registrar holds (what an earlier agent left); returns those Tasks, for the agent to reconcile. */
  async restore(): Promise<string[]> {
    const held = await this.deps.registrar.registered()
    for (const [task, registrations] of held) this.applied.set(task, JSON.stringify(registrations))
    return [...held.keys()]
  }

  /** Tasks whose registrations the registrar holds. */
  tasks(): string[] {
    return [...this.applied.keys()]
  }

  /** `task` announces exactly `registrations` (none: withdrawn). */
  announce(task: string, registrations: readonly ServiceRegistration[]): Promise<void> {
    return this.want(task, registrations)
  }

  withdraw(task: string): Promise<void> {
    return this.want(task, [])
  }

  private async want(task: string, registrations: readonly ServiceRegistration[]): Promise<void> {
    if (this.holds(task) === key(registrations) && !this.retrying.has(task)) return
    this.wanted.set(task, registrations)
    if (!(await this.apply(task)) && !this.retrying.has(task)) void this.retry(task)
  }

  private holds(task: string): string {
    return this.applied.get(task) ?? key([])
  }

  private async retry(task: string): Promise<void> {
    this.retrying.add(task)
    const backoff = new Backoff(REGISTRAR_RETRY, this.deps.random)
    do await backoff.wait(this.deps.clock, this.deps.signal)
    while (!this.deps.signal?.aborted && !(await this.apply(task)))
    this.retrying.delete(task)
  }

  /** Queued behind any call in flight; resolves whether the registrar holds what is wanted for `task`. */
  private apply(task: string): Promise<boolean> {
    const attempt = this.tail.then(() => this.attempt(task))
    this.tail = attempt
    return attempt
  }

  private async attempt(task: string): Promise<boolean> {
    const registrations = this.wanted.get(task) ?? []
    const wantedKey = key(registrations)
    if (this.holds(task) === wantedKey) return true
    const { registrar, log } = this.deps
    try {
      if (registrations.length === 0) await registrar.deregister(task)
      else await registrar.register(task, registrations)
    } catch (err) {
      log('warn', 'registrar failed; retrying', { task, registrar: registrar.name, error: errorMessage(err) })
      return false
    }
    if (registrations.length === 0) {
      this.applied.delete(task)
      this.wanted.delete(task)
      log('info', 'deregistered', { task, registrar: registrar.name })
    } else {
      this.applied.set(task, wantedKey)
      log('info', 'registered', { task, registrar: registrar.name, services: registrations.map(describe) })
    }
    return true
  }
}

const key = (registrations: readonly ServiceRegistration[]): string => JSON.stringify(registrations)

const describe = (r: ServiceRegistration): string =>
  `${r.service}/${r.protocol}${r.domain ? `.${r.domain}` : ''}=${r.host}:${r.port}`

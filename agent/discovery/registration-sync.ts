/** @module RegistrationSync: hands the registrar what each Task should announce, once per change, retrying failures. */
import { type Clock, errorMessage, type Log } from '../../client/index.js'
import { REGISTRAR_RETRY } from '../retry-policies.js'
import { RetryRounds } from '../retry-rounds.js'
import type { ServiceRegistration } from './registrations.js'
import type { ServiceRegistrar } from './service-registrar.js'

export interface RegistrationSyncDeps {
  registrar: ServiceRegistrar
  clock: Clock
  log: Log
  /** Draws the retry delays' jitter (tests). */
  random?: () => number
}

/**
 * The agent's side of the seam. `announce` and `withdraw` are called on every reconcile, so they return at once when
 * nothing changed; a change is handed to the registrar and awaited once (a withdrawal is done before the grace
 * period starts). A failure is logged and retried in rounds (`run`) with backoff, the latest wish winning; it is
 * never thrown, since discovery must not stop, delay or fail a container. Registrar calls never overlap.
 */
export class RegistrationSync {
  /** What each Task should announce, while the registrar does not hold it yet. */
  private readonly wanted = new Map<string, readonly ServiceRegistration[]>()
  /** What the registrar holds, by Task, as JSON (absent: nothing). */
  private readonly applied = new Map<string, string>()
  private readonly retries: RetryRounds
  private tail: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: RegistrationSyncDeps) {
    this.retries = new RetryRounds(REGISTRAR_RETRY, deps.clock, deps.random)
  }

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

  /** Retries every Task whose wish the registrar does not hold, a jittered and growing delay after each failure. */
  async run(signal: AbortSignal): Promise<void> {
    await this.retries.run(signal, async () => {
      const due = [...this.wanted.keys()]
      return (await Promise.all(due.map((task) => this.apply(task)))).every(Boolean)
    })
  }

  private async want(task: string, registrations: readonly ServiceRegistration[]): Promise<void> {
    // A wish still pending is replaced even by what is held: the latest wins.
    if (!this.wanted.has(task) && this.holds(task) === key(registrations)) return
    this.wanted.set(task, registrations)
    if (!(await this.apply(task))) this.retries.failed()
  }

  private holds(task: string): string {
    return this.applied.get(task) ?? key([])
  }

  /** Queued behind any call in flight; resolves whether the registrar holds what is wanted for `task`. */
  private apply(task: string): Promise<boolean> {
    const attempt = this.tail.then(() => this.attempt(task))
    this.tail = attempt
    return attempt
  }

  private async attempt(task: string): Promise<boolean> {
    const registrations = this.wanted.get(task)
    if (registrations === undefined) return true
    const wantedKey = key(registrations)
    if (this.holds(task) === wantedKey) return this.settled(task, registrations)
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
      log('info', 'deregistered', { task, registrar: registrar.name })
    } else {
      this.applied.set(task, wantedKey)
      log('info', 'registered', { task, registrar: registrar.name, services: registrations.map(describe) })
    }
    return this.settled(task, registrations)
  }

  /** `registrations` are held: no longer wanted, unless a newer wish came meanwhile. */
  private settled(task: string, registrations: readonly ServiceRegistration[]): true {
    if (this.wanted.get(task) === registrations) this.wanted.delete(task)
    return true
  }
}

const key = (registrations: readonly ServiceRegistration[]): string => JSON.stringify(registrations)

const describe = (r: ServiceRegistration): string =>
  `${r.service}/${r.protocol}${r.domain ? `.${r.domain}` : ''}=${r.host}:${r.port}`

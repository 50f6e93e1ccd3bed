/** @module HollowRuntime: a complete in-memory ContainerRuntime for unit tests and kubemark-style scale runs. */
import { randomBytes } from 'node:crypto'
import { PassThrough, type Readable } from 'node:stream'
import { type Clock, realClock } from '../../client/index.js'
import type {
  ContainerEvent,
  ContainerEventAction,
  ContainerRuntime,
  ContainerSpec,
  ContainerSummary,
  LogOptions,
  RuntimeInfo,
} from './container-runtime.js'
import { checkedImageRef, isImageRef } from './image-check.js'
import { isManagedBy, LABEL } from './labels.js'
import { RuntimeError } from './runtime-error.js'

interface HollowContainer extends ContainerSummary {
  spec: ContainerSpec
}

export interface HollowRuntimeOptions {
  clock?: Clock
  /** Images already present. */
  images?: Iterable<string>
  /** Images a pull can fetch. */
  pullable?: Iterable<string>
  /** Every image is present (kubemark assumes pre-pulled images): for hollow agents at scale. */
  anyImage?: boolean
  startDelayMs?: number
  stopDelayMs?: number
}

/** Behaves like a Docker engine for everything the agent does: names, labels, states, host ports, events. */
export class HollowRuntime implements ContainerRuntime {
  readonly endpoint = 'hollow://'
  readonly images: Set<string>
  readonly pullable: Set<string>
  /** Host ports held outside the engine, as `8080/tcp`: starting a container that binds one fails PortInUse. */
  readonly busyHostPorts = new Set<string>()
  /** When set, pulls fail with it (e.g. a PullFailed timeout). */
  pullError: RuntimeError | undefined
  /**
   * Runs inside `create` before the name check, e.g. to make the same create land twice (an agent
   * killed mid-create) or to throw as if the engine's answer were lost after it created the container.
   */
  beforeCreate: ((spec: ContainerSpec) => void) | undefined
  /** Exit code of `exec`; the default says healthy. */
  onExec: (container: ContainerSummary, cmd: string[]) => number = () => 0
  /** Mutating calls in order, e.g. `create helios-web-1a2b3c4`, `stop <id>`: for tests to assert on. */
  readonly calls: string[] = []
  private readonly containers = new Map<string, HollowContainer>()
  /** What each container printed (by id), each line with its time; `print` adds, `logs` reads. */
  private readonly printed = new Map<string, Array<{ at: number; line: string }>>()
  private readonly followers = new Map<string, Set<{ out: PassThrough; timestamps: boolean }>>()
  private readonly listeners = new Set<(event: ContainerEvent) => void>()
  /** Ends the open event streams (the engine went away). */
  private readonly breakStreams = new Set<() => void>()
  private isDown = false
  private readonly clock: Clock
  private readonly startDelayMs: number
  private readonly stopDelayMs: number
  private readonly anyImage: boolean

  constructor(opts: HollowRuntimeOptions = {}) {
    this.clock = opts.clock ?? realClock
    this.images = new Set([...(opts.images ?? [])].map(normalizeRef))
    this.pullable = new Set([...(opts.pullable ?? [])].map(normalizeRef))
    this.startDelayMs = opts.startDelayMs ?? 0
    this.stopDelayMs = opts.stopDelayMs ?? 0
    this.anyImage = opts.anyImage ?? false
  }

  /** While true, every call rejects Unavailable (the engine is down); going down breaks open event streams. */
  get down(): boolean {
    return this.isDown
  }

  set down(value: boolean) {
    this.isDown = value
    if (value) for (const end of [...this.breakStreams]) end()
  }

  async listManaged(hostName: string, taskName?: string): Promise<ContainerSummary[]> {
    this.guard()
    return this.all().filter(
      (c) => isManagedBy(c.labels, hostName) && (taskName === undefined || c.labels[LABEL.task] === taskName),
    )
  }

  async inspect(id: string): Promise<ContainerSummary> {
    return snapshot(this.get(id))
  }

  async hasImage(ref: string): Promise<boolean> {
    this.guard()
    if (!isImageRef(ref)) return false
    if (this.anyImage) this.images.add(normalizeRef(ref))
    return this.images.has(normalizeRef(ref))
  }

  async pull(ref: string): Promise<void> {
    this.guard()
    this.calls.push(`pull ${ref}`)
    checkedImageRef(ref)
    if (this.pullError) throw this.pullError
    if (!this.pullable.has(normalizeRef(ref))) {
      throw new RuntimeError('ImageNotFound', `pull access denied for ${ref}, repository does not exist`)
    }
    this.images.add(normalizeRef(ref))
  }

  async create(spec: ContainerSpec): Promise<string> {
    this.guard()
    this.beforeCreate?.(spec)
    checkedImageRef(spec.Image)
    const taken = this.all().find((c) => c.name === spec.name)
    if (taken) throw new RuntimeError('Conflict', `the container name "/${spec.name}" is already in use by ${taken.id}`)
    if (this.anyImage) this.images.add(normalizeRef(spec.Image))
    if (!this.images.has(normalizeRef(spec.Image)))
      throw new RuntimeError('ImageNotFound', `no such image: ${spec.Image}`)
    const id = randomBytes(32).toString('hex')
    this.calls.push(`create ${spec.name}`)
    this.containers.set(id, {
      id,
      name: spec.name,
      image: spec.Image,
      labels: { ...spec.Labels },
      state: 'created',
      spec,
    })
    return id
  }

  async start(id: string): Promise<void> {
    const c = this.get(id)
    if (c.state === 'running') return
    for (const key of hostPorts(c.spec)) {
      const holder = this.all().find((o) => o.state === 'running' && hostPorts(this.get(o.id).spec).includes(key))
      if (holder || this.busyHostPorts.has(key)) {
        const port = Number(key.split('/')[0])
        throw new RuntimeError('PortInUse', `port ${port} is already in use on this host: port is already allocated`, {
          port,
        })
      }
    }
    this.calls.push(`start ${id}`)
    await this.clock.sleep(this.startDelayMs)
    Object.assign(c, { state: 'running', startedAt: this.clock.now(), finishedAt: undefined, exitCode: undefined })
    this.emit(c, 'start')
  }

  async stop(id: string, timeoutSeconds: number): Promise<void> {
    const c = this.get(id)
    if (c.state !== 'running') return
    this.calls.push(`stop ${id} ${timeoutSeconds}`)
    await this.clock.sleep(this.stopDelayMs)
    if (c.state === 'running') this.exit(id, 143, 'stop')
  }

  async remove(id: string): Promise<void> {
    const c = this.get(id)
    if (c.state === 'running') throw new RuntimeError('Conflict', `cannot remove running container ${id}`)
    this.calls.push(`remove ${id}`)
    this.containers.delete(c.id)
    this.emit(c, 'destroy')
  }

  async exec(id: string, cmd: string[]): Promise<number> {
    const c = this.get(id)
    if (c.state !== 'running') throw new RuntimeError('Conflict', `container ${id} is not running`)
    return this.onExec(snapshot(c), cmd)
  }

  async events(
    hostName: string,
    onEvent: (event: ContainerEvent) => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void> {
    this.guard()
    const listener = (event: ContainerEvent) => {
      if (isManagedBy(event.labels, hostName)) onEvent(event)
    }
    this.listeners.add(listener)
    let end = () => {}
    try {
      await new Promise<void>((resolve) => {
        end = resolve // the engine closing the stream, as dockerd does when it shuts down
        this.breakStreams.add(end)
        if (signal.aborted) resolve()
        signal.addEventListener('abort', () => resolve(), { once: true })
        onOpen?.()
      })
    } finally {
      this.breakStreams.delete(end)
      this.listeners.delete(listener)
    }
  }

  async info(): Promise<RuntimeInfo> {
    this.guard()
    return { version: 'hollow', apiVersion: '1.41' }
  }

  async logs(id: string, opts: LogOptions): Promise<Readable> {
    const c = this.get(id)
    const lines = this.printed.get(c.id) ?? []
    const out = new PassThrough()
    for (const entry of opts.tailLines === undefined ? lines : lines.slice(Math.max(0, lines.length - opts.tailLines)))
      out.write(logLine(entry, opts.timestamps))
    if (!opts.follow || c.state !== 'running' || opts.signal.aborted) return out.end()
    const follower = { out, timestamps: opts.timestamps }
    const followers = this.followers.get(c.id) ?? new Set()
    this.followers.set(c.id, followers.add(follower))
    const stop = () => {
      followers.delete(follower)
      out.end()
    }
    opts.signal.addEventListener('abort', stop, { once: true })
    out.once('close', stop)
    return out
  }

  /** Simulates the container's process writing `line` to its output. */
  print(id: string, line: string): void {
    const c = this.get(id)
    const entry = { at: this.clock.now(), line }
    const lines = this.printed.get(c.id) ?? []
    lines.push(entry)
    this.printed.set(c.id, lines)
    for (const f of this.followers.get(c.id) ?? []) f.out.write(logLine(entry, f.timestamps))
  }

  /** Simulates the container's process ending with `exitCode`. */
  exit(id: string, exitCode: number, via: 'die' | 'stop' = 'die'): void {
    const c = this.get(id)
    Object.assign(c, { state: 'exited', exitCode, finishedAt: this.clock.now() })
    // As with Docker, a follow ends when the container stops.
    for (const f of this.followers.get(c.id) ?? []) f.out.end()
    this.followers.delete(c.id)
    this.emit(c, 'die')
    if (via === 'stop') this.emit(c, 'stop')
  }

  /** Every container, managed or not. */
  all(): ContainerSummary[] {
    return [...this.containers.values()].map(snapshot)
  }

  /** By id or, as Docker allows, by name. */
  private get(idOrName: string): HollowContainer {
    this.guard()
    const name = idOrName.replace(/^\//, '')
    const c = this.containers.get(idOrName) ?? [...this.containers.values()].find((o) => o.name === name)
    if (!c) throw new RuntimeError('NotFound', `no such container: ${idOrName}`)
    return c
  }

  private guard(): void {
    if (this.isDown)
      throw new RuntimeError('Unavailable', `docker engine at ${this.endpoint} is unreachable (ECONNREFUSED)`)
  }

  private emit(c: HollowContainer, action: ContainerEventAction): void {
    for (const listener of this.listeners) listener({ action, id: c.id, labels: c.labels })
  }
}

function snapshot(c: HollowContainer): ContainerSummary {
  const { spec: _spec, ...summary } = c
  return { ...summary, labels: { ...c.labels } }
}

function logLine(entry: { at: number; line: string }, timestamps: boolean): string {
  return `${timestamps ? `${new Date(entry.at).toISOString()} ` : ''}${entry.line}\n`
}

function hostPorts(spec: ContainerSpec): string[] {
  return Object.entries(spec.HostConfig.PortBindings).flatMap(([port, bindings]) =>
    bindings.map((b) => `${b.HostPort}/${port.split('/')[1] ?? 'tcp'}`),
  )
}

// Docker's implicit tag: `busybox` is `busybox:latest`.
function normalizeRef(ref: string): string {
  const last = ref.split('/').pop() ?? ref
  return last.includes(':') || last.includes('@') ? ref : `${ref}:latest`
}

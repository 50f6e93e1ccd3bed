/** @module ContainerRuntime: the agent's whole view of a container engine (Docker, or the in-memory hollow runtime). */
import type { Readable } from 'node:stream'

export type ContainerState = 'running' | 'exited' | 'created'

/** One container as the agent sees it; times are epoch milliseconds. */
export interface ContainerSummary {
  id: string
  name: string
  image: string
  labels: Readonly<Record<string, string>>
  /** `paused` and `restarting` count as running; `dead` and `removing` as exited. */
  state: ContainerState
  exitCode?: number
  startedAt?: number
  finishedAt?: number
  /** The engine's own error text for the last start or exit, if any. */
  error?: string
}

export interface PortBinding {
  /** '' binds every interface. */
  HostIp: string
  HostPort: string
}

/** What to create, in Docker's create-body field names (a subset), so docker-runtime passes it through. */
export interface ContainerSpec {
  name: string
  Image: string
  /** Absent keeps the image's CMD; the image's ENTRYPOINT is always kept. */
  Cmd?: string[]
  Env: string[]
  Labels: Record<string, string>
  Hostname?: string
  /** `80/tcp` → {} */
  ExposedPorts: Record<string, Record<string, never>>
  /** Anonymous volumes: container path → {} */
  Volumes: Record<string, Record<string, never>>
  StopTimeout: number
  HostConfig: {
    Init: boolean
    PortBindings: Record<string, PortBinding[]>
    Binds: string[]
    Memory?: number
    MemorySwap?: number
    CpuShares?: number
    CpusetCpus?: string
    NetworkMode?: string
    SecurityOpt: string[]
    CapAdd: string[]
    CapDrop: string[]
    Tmpfs: Record<string, string>
    Runtime?: string
    /** DNS servers (agent `--dns`). */
    Dns?: string[]
    /** Extra /etc/hosts lines `name:ip` (agent `--add-host`). */
    ExtraHosts?: string[]
  }
}

export type ContainerEventAction = 'start' | 'die' | 'stop' | 'kill' | 'destroy' | 'oom'
export const CONTAINER_EVENT_ACTIONS: readonly ContainerEventAction[] = [
  'start',
  'die',
  'stop',
  'kill',
  'destroy',
  'oom',
]

export interface ContainerEvent {
  action: ContainerEventAction
  id: string
  labels: Readonly<Record<string, string>>
}

/** What `logs` reads: the last `tailLines` lines (all when absent), then new ones while `follow`. */
export interface LogOptions {
  follow: boolean
  tailLines?: number
  /** Each line starts with the engine's RFC 3339 timestamp and a space. */
  timestamps: boolean
  /** Aborting ends the stream (a follow never ends by itself while the container runs). */
  signal: AbortSignal
}

export interface RuntimeInfo {
  version: string
  apiVersion: string
}

/**
 * Every method may reject with a RuntimeError, and only with one: engine-specific errors never
 * pass this boundary. Methods are safe to call concurrently for different containers.
 */
export interface ContainerRuntime {
  /** Where the engine is, for messages (`unix:///var/run/docker.sock`). */
  readonly endpoint: string
  /** Containers labelled helios.managed=true and helios.host=`hostName` (and helios.task=`taskName`), any state. */
  listManaged(hostName: string, taskName?: string): Promise<ContainerSummary[]>
  /** By id or name; rejects NotFound when the container does not exist. */
  inspect(idOrName: string): Promise<ContainerSummary>
  hasImage(ref: string): Promise<boolean>
  /** Rejects ImageNotFound or PullFailed; may take minutes. */
  pull(ref: string): Promise<void>
  /** Creates (does not start) and returns the id; Conflict when the name is taken. */
  create(spec: ContainerSpec): Promise<string>
  /** Idempotent: starting a running container succeeds. PortInUse when a host port is taken. */
  start(id: string): Promise<void>
  /** SIGTERM (the container's stop signal), then SIGKILL after `timeoutSeconds`; idempotent. */
  stop(id: string, timeoutSeconds: number): Promise<void>
  /** Removes a container that is not running (Conflict if it is) with its anonymous volumes. */
  remove(id: string): Promise<void>
  /** Runs `cmd` inside a running container and resolves its exit code. */
  exec(id: string, cmd: string[], timeoutMs: number): Promise<number>
  /**
   * Calls `onEvent` for lifecycle events of `hostName`'s managed containers until `signal` aborts
   * (resolves) or the stream breaks (rejects, or resolves if the engine ended it). `onOpen` is called
   * once the engine has accepted the stream. Events may be missed while disconnected: callers resync
   * once a new stream is open.
   */
  events(
    hostName: string,
    onEvent: (event: ContainerEvent) => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void>
  info(): Promise<RuntimeInfo>
  /**
   * The container's stdout and stderr as one stream of whole lines (each ending in a newline), in the
   * order the engine sends them; rejects NotFound when the container does not exist. The stream ends
   * when the logs do (without `follow`), when the container stops, or when `signal` aborts.
   */
  logs(id: string, opts: LogOptions): Promise<Readable>
}

/** @module DriftWatch: notices managed containers killed, stopped or removed by hand, and records a DriftCorrected Event. */
import type { Event, Task, TaskState } from '../apis/index.js'
import type { ContainerEvent, ContainerRuntime } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { lastStatus, type TaskContext } from './task-context.js'
import { taskEvent } from './task-events.js'

/** States in which the reported container is meant to be up. */
const UP: ReadonlySet<TaskState> = new Set(['STARTING', 'HEALTHCHECKING', 'RUNNING'])
/** Containers remembered as killed or stopped by someone else, until a reconcile reads them. */
const MARKS_KEPT = 256

export interface DriftDeps {
  recorder: { record(event: Event): void }
  /** Whether the agent itself is stopping or pulling for this task right now. */
  isBusy(task: string): boolean
}

/**
 * A container that exited is drift only if Docker said someone killed or stopped it: a crash exits
 * too and is just EXITED. A container that vanished while its task was reported up is drift unless
 * this agent removed it. Either way reconcile restores it as usual; this only says what happened.
 */
export class DriftWatch {
  private readonly marks = new Map<string, 'killed' | 'stopped'>()

  constructor(private readonly deps: DriftDeps) {}

  /** Takes every Docker event before its task is enqueued, so the reconcile it triggers sees the mark. */
  observe(event: ContainerEvent): void {
    if (event.action !== 'kill' && event.action !== 'stop') return
    const task = event.labels[LABEL.task]
    // `docker stop` sends kill, die, stop: the first word is kept.
    if (!task || this.deps.isBusy(task) || this.marks.has(event.id)) return
    this.marks.set(event.id, event.action === 'kill' ? 'killed' : 'stopped')
    const oldest = this.marks.keys().next().value
    if (this.marks.size > MARKS_KEPT && oldest !== undefined) this.marks.delete(oldest)
  }

  /** `runtime`'s event stream with every event shown to observe() first. */
  tap(runtime: Pick<ContainerRuntime, 'events' | 'endpoint'>): Pick<ContainerRuntime, 'events' | 'endpoint'> {
    return {
      endpoint: runtime.endpoint,
      events: (hostName, onEvent, signal, onOpen) =>
        runtime.events(
          hostName,
          (event) => {
            this.observe(event)
            onEvent(event)
          },
          signal,
          onOpen,
        ),
    }
  }

  /** For a task with goal START, before it converges: records the drift of its reported container once. */
  notice(ctx: TaskContext, task: Task): void {
    const last = lastStatus(ctx, task)
    const id = last?.containerId
    if (!last || !id || !UP.has(last.state) || ctx.memory.driftNoticedId === id) return
    const container = ctx.containers.find((c) => c.id === id)
    const removedByUs = !container && ctx.memory.removedId === id
    const what = container ? container.state === 'exited' && this.marks.get(id) : !removedByUs && 'removed'
    if (!what) return
    ctx.memory.driftNoticedId = id
    this.marks.delete(id)
    const short = id.slice(0, 7)
    const message = `container ${short} was ${what} outside Helios; ${container ? 'restarting' : 'recreating'}`
    ctx.deps.log('warn', 'drift corrected', { task: ctx.name, container: short, found: what })
    this.deps.recorder.record(
      taskEvent(task, { reason: 'DriftCorrected', type: 'Warning', message, status: last, at: ctx.now }),
    )
  }
}

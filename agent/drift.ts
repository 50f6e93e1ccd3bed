/** @module DriftWatch: notices managed containers (every member of a unit) killed, stopped or removed by hand, and records a DriftCorrected Event. */
import type { Event, Task, TaskState } from '../apis/index.js'
import type { ContainerEvent, ContainerRuntime, ContainerSummary } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { lastStatus, type TaskContext } from './task-context.js'
import { taskEvent } from './task-events.js'
import { isRunOnce, memberOf } from './unit-members.js'

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

  /** For a task with goal START, before it converges: records the drift of its reported unit once. */
  notice(ctx: TaskContext, task: Task): void {
    const last = lastStatus(ctx, task)
    const id = last?.containerId
    if (!last || !id || !UP.has(last.state) || ctx.memory.driftNoticedId === id) return
    const main = ctx.containers.find((c) => c.id === id)
    const removed: Drift | undefined = ctx.memory.removedId === id ? undefined : { what: 'removed' }
    const found = main ? this.unitDrift(ctx, task, main, last.state) : removed
    if (!found) return
    ctx.memory.driftNoticedId = id
    if (found.id) this.marks.delete(found.id)
    const short = (found.id ?? id).slice(0, 7)
    const who = found.member ? `container ${short} ("${found.member}")` : `container ${short}`
    const message = `${who} was ${found.what} outside Helios; ${main ? 'restarting' : 'recreating'}`
    ctx.deps.log('warn', 'drift corrected', {
      task: ctx.name,
      container: short,
      found: found.what,
      member: found.member,
    })
    this.deps.recorder.record(
      taskEvent(task, { reason: 'DriftCorrected', type: 'Warning', message, status: last, at: ctx.now }),
    )
  }

  /**
   * Main or a sidecar killed or stopped by hand, or a sidecar removed once the unit was up. A
   * run-once Job's main that exited 0 is done, not drifted, and its sidecars are never restarted.
   */
  private unitDrift(ctx: TaskContext, task: Task, main: ContainerSummary, state: TaskState): Drift | undefined {
    const runOnce = isRunOnce(task.spec.jobSpec)
    if (main.state === 'exited') {
      const mark = !(runOnce && main.exitCode === 0) && this.marks.get(main.id)
      return mark ? { what: mark, id: main.id } : undefined
    }
    if (runOnce) return undefined
    const members = ctx.containers.filter((c) => c.labels[LABEL.specHash] === main.labels[LABEL.specHash])
    for (const c of members) {
      const mark = c.state === 'exited' && this.marks.get(c.id)
      if (mark) return { what: mark, id: c.id, member: memberOf(c) }
    }
    if (state === 'STARTING') return undefined // a unit still being built has members yet to create
    const gone = (task.spec.jobSpec.containers ?? []).find((s) => !members.some((c) => memberOf(c) === s.name))
    return gone ? { what: 'removed', member: gone.name } : undefined
  }
}

interface Drift {
  what: 'killed' | 'stopped' | 'removed'
  /** The container that drifted, when it is still there. */
  id?: string
  /** A composite Job's member other than the one the status names. */
  member?: string
}

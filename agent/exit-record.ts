/** @module What a Task's status says of an exit: when, the code, the container's last log lines, and the restart count. */
import { clip, type LastExit, MAX_EXIT_LOG_LINE, type Task } from '../apis/index.js'
import type { ContainerRuntime, ContainerSummary } from './runtime/container-runtime.js'
import { lastStatus, sameSpec, type TaskContext } from './task-context.js'

/** Lines of output an exit carries: enough to show why (a stack trace's head is for `heliosctl logs`). */
export const EXIT_LOG_LINES = 5
/** An engine that does not answer in this time costs the exit its log lines, never the worker. */
export const EXIT_LOG_TIMEOUT_MS = 2_000
/** Bytes read at most: a container printing one endless line must not fill the agent's memory. */
const MAX_LOG_BYTES = 64 * 1024

export interface ExitFields {
  lastExit: LastExit
  restartCount?: number
}

/**
 * The exit of the unit whose main container is `unitId`: reported once (every later reconcile of the same exit, by
 * this process or by a restarted agent, finds it in the last status and reads no log again). `exited` is the
 * container that exited (main, or the sidecar that brought the unit down); `restarts` counts it as a restart.
 */
export async function exitFields(
  ctx: TaskContext,
  task: Task,
  unitId: string,
  exited: Pick<ContainerSummary, 'id' | 'exitCode' | 'startedAt' | 'finishedAt'> | undefined,
  restarts: boolean,
): Promise<ExitFields> {
  const last = lastStatus(ctx, task)
  const previous = sameSpec(last, task) ? last : undefined
  if (previous?.lastExit?.containerId === unitId)
    return { lastExit: previous.lastExit, ...count(previous.restartCount) }
  const logTail = exited ? await exitLogTail(ctx.deps.runtime, exited.id) : []
  const lastExit: LastExit = {
    at: new Date(exited?.finishedAt ?? ctx.now).toISOString(),
    ...(exited?.startedAt === undefined ? {} : { startedAt: new Date(exited.startedAt).toISOString() }),
    ...(exited?.exitCode === undefined ? {} : { exitCode: exited.exitCode }),
    containerId: unitId,
    logTail,
  }
  return { lastExit, ...count((previous?.restartCount ?? 0) + (restarts ? 1 : 0)) }
}

const count = (n: number | undefined) => (n === undefined || n === 0 ? {} : { restartCount: n })

/** The container's last EXIT_LOG_LINES lines, each clipped; none when the engine cannot say (never throws). */
export async function exitLogTail(
  runtime: Pick<ContainerRuntime, 'logs'>,
  id: string,
  timeoutMs = EXIT_LOG_TIMEOUT_MS,
): Promise<string[]> {
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const stream = await runtime.logs(id, { follow: false, tailLines: EXIT_LOG_LINES, timestamps: false, signal })
    let text = ''
    for await (const chunk of stream) {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      if (text.length > MAX_LOG_BYTES) text = text.slice(-MAX_LOG_BYTES)
    }
    return lastLines(text)
  } catch {
    return []
  }
}

/** The last EXIT_LOG_LINES non-empty lines of `text`, trailing carriage returns dropped, each clipped. */
export function lastLines(text: string, n = EXIT_LOG_LINES): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r+$/, ''))
    .filter((line) => line !== '')
    .slice(-n)
    .map((line) => clip(line, MAX_EXIT_LOG_LINE))
}

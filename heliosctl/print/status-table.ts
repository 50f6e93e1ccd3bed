/** @module `heliosctl status` table in Helios' columns; the reason a task is not RUNNING follows on an indented line. */
import { shortJobId, type Task } from '../../apis/index.js'
import { boundPorts } from './ports.js'
import { table } from './table.js'

const HEADER = ['JOB ID', 'HOST', 'GOAL', 'STATE', 'CONTAINER ID', 'PORTS']

/** `RUNNING`, or `EXITED (FLAPPING)` when the agent throttles restarts. */
export function stateText(task: Task): string {
  const status = task.status
  if (!status) return ''
  return status.throttled === 'NO' ? status.state : `${status.state} (${status.throttled})`
}

/** One row per Task sorted by job id then host; `full` prints 40-hex hashes. */
export function statusTable(tasks: readonly Task[], opts: { full?: boolean } = {}): string[] {
  const sorted = [...tasks].sort(
    (a, b) => a.spec.jobId.localeCompare(b.spec.jobId) || a.spec.host.localeCompare(b.spec.host),
  )
  const rows = sorted.map((t) => [
    opts.full ? t.spec.jobId : shortJobId(t.spec.jobId),
    t.spec.host,
    t.spec.goal,
    stateText(t),
    t.status?.containerId?.slice(0, 7) ?? '',
    boundPorts(t.status?.ports),
  ])
  const [header = '', ...lines] = table(HEADER, rows)
  return [
    header,
    ...lines.flatMap((line, i) => {
      const status = sorted[i]?.status
      // A FAILED task's error and a HEALTHCHECKING task's failing probe are what the user needs next.
      return status?.state !== 'RUNNING' && status?.containerError ? [line, `    ${status.containerError}`] : [line]
    }),
  ]
}

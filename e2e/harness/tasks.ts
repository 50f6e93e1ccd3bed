// Tasks as a user sees them (`heliosctl get task NAME -o json`), and waiting until one's status matches.
import { heliosctl } from './heliosctl.js'
import { show } from './text.js'
import { waitFor } from './wait.js'

/** The status fields scenarios look at (see apis/task.ts). */
export interface TaskStatusView {
  state?: string
  containerId?: string
  throttled?: string
  containerError?: string
  exitCode?: number
  ports?: Record<string, { internalPort: number; externalPort: number; protocol: string }>
}

/** A Task's status through `heliosctl get task NAME -o json`; undefined when it has none or cannot be read. */
export async function taskStatus(server: string, name: string): Promise<TaskStatusView | undefined> {
  return readStatus(server, name).catch(() => undefined)
}

async function readStatus(server: string, name: string): Promise<TaskStatusView | undefined> {
  const out = await heliosctl(['get', 'task', name, '-o', 'json'], { server })
  if (out.code !== 0) throw new Error(`heliosctl get task ${name} exited ${out.code}: ${out.stderr.trim()}`)
  return (JSON.parse(out.stdout) as { status?: TaskStatusView }).status
}

/** Polls the Task's status until `ok(status)` holds; the timeout error shows the last status seen. */
export async function waitTask(
  server: string,
  name: string,
  ok: (s: TaskStatusView) => boolean,
  opts: { timeoutMs?: number; what: string },
): Promise<TaskStatusView> {
  return waitFor(
    async () => {
      const s = await readStatus(server, name)
      if (s && ok(s)) return s
      throw new Error(`status of ${name}: ${show(s)}`)
    },
    { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 200, what: `${name}: ${opts.what}` },
  )
}

/** Waits until the Task is RUNNING in a container other than `not` (the one it had before). */
export function waitRunning(server: string, name: string, opts: { not?: string; timeoutMs?: number } = {}) {
  return waitTask(server, name, (s) => s.state === 'RUNNING' && !!s.containerId && s.containerId !== opts.not, {
    timeoutMs: opts.timeoutMs,
    what: opts.not ? `RUNNING in a new container (not ${opts.not.slice(0, 12)})` : 'RUNNING',
  })
}

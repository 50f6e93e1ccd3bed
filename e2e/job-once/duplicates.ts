// Watches one Job on some hosts while a scenario runs: every Task row (what `heliosctl status` lists) and every running
// container (`docker ps`) of it per host, so "never two of one Job on a host" is checked at every moment sampled.
import { docker, listObjects, sleep, type TaskView } from '../harness.js'

export interface DuplicateWatch {
  /** Stops sampling; resolves with every moment two of the Job were seen on one host, and how many samples were taken. */
  stop(): Promise<{ duplicates: string[]; samples: number }>
}

/** Running containers of `job` (name:version) per host, by the agent's labels helios.host and helios.job (full id). */
export async function runningContainers(job: string): Promise<Map<string, number>> {
  const ps = await docker([
    'ps',
    '--filter',
    'label=helios.managed=true',
    '--format',
    '{{.Label "helios.host"}} {{.Label "helios.job"}}',
  ])
  if (ps.code !== 0) throw new Error(`docker ps failed: ${ps.stderr.trim()}`)
  const counts = new Map<string, number>()
  for (const line of ps.stdout.split('\n').filter(Boolean)) {
    const [host = '', id = ''] = line.split(' ')
    if (id.startsWith(`${job}:`)) counts.set(host, (counts.get(host) ?? 0) + 1)
  }
  return counts
}

/** Task rows of `job` per host, as `heliosctl status` lists them. */
export async function taskRows(server: string, job: string): Promise<Map<string, string[]>> {
  const rows = new Map<string, string[]>()
  for (const t of await listObjects<TaskView>(server, 'Task')) {
    if (t.spec.job === job) rows.set(t.spec.host, [...(rows.get(t.spec.host) ?? []), t.metadata.name])
  }
  return rows
}

/** Samples until stopped (every `intervalMs`, one sample in flight at a time). */
export function watchDuplicates(
  server: string,
  job: string,
  hosts: readonly string[],
  intervalMs = 100,
): DuplicateWatch {
  let running = true
  let samples = 0
  const duplicates: string[] = []
  const loop = (async () => {
    while (running) {
      const [containers, rows] = await Promise.all([runningContainers(job), taskRows(server, job)])
      samples++
      for (const host of hosts) {
        const c = containers.get(host) ?? 0
        const r = rows.get(host) ?? []
        if (c > 1 || r.length > 1)
          duplicates.push(`${new Date().toISOString()} ${host}: ${c} containers, tasks ${r.join(', ')}`)
      }
      await sleep(intervalMs)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return { duplicates, samples }
    },
  }
}

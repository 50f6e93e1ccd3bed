/** @module `heliosctl jobs` table in Helios' columns: JOB ID, NAME, VERSION, HOSTS, COMMAND, ENVIRONMENT. */
import { type Job, parseJobRef, shortJobId, type Task } from '../../apis/index.js'
import { fullId } from '../job-ref.js'
import { quoteWord } from './job-inspect.js'
import { table } from './table.js'

/** Hosts a Job has Tasks on (Helios counts deployments per host). */
export const hostCount = (job: Job, tasks: readonly Task[]): number =>
  new Set(tasks.filter((t) => t.spec.job === job.metadata.name).map((t) => t.spec.host)).size

/** One row per Job, sorted by id; `full` prints 40-hex hashes instead of 7. */
export function jobsTable(jobs: readonly Job[], tasks: readonly Task[], opts: { full?: boolean } = {}): string[] {
  const rows = [...jobs]
    .sort((a, b) => fullId(a).localeCompare(fullId(b)))
    .map((job) => {
      const { name, version = '' } = parseJobRef(job.metadata.name)
      return [
        opts.full ? fullId(job) : shortJobId(fullId(job)),
        name,
        version,
        String(hostCount(job, tasks)),
        job.spec.command.map(quoteWord).join(' '),
        Object.entries(job.spec.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
      ]
    })
  return table(['JOB ID', 'NAME', 'VERSION', 'HOSTS', 'COMMAND', 'ENVIRONMENT'], rows)
}

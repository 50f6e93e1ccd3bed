/** @module `rollout history`: kubectl's revision table (newest last) and one revision in detail. */
import type { Revision } from '../../apis/index.js'
import { orNone, table } from './table.js'
import { utcTimestamp } from './timestamp.js'

/** REVISION JOB OUTCOME CHANGE-CAUSE CREATED, oldest first; the running revision's outcome may be absent. */
export function revisionTable(revisions: readonly Revision[]): string[] {
  const rows = [...revisions]
    .sort((a, b) => a.revision - b.revision)
    .map((r) => [String(r.revision), r.job, orNone(r.outcome), orNone(r.changeCause), utcTimestamp(r.createdAt)])
  return table(['REVISION', 'JOB', 'OUTCOME', 'CHANGE-CAUSE', 'CREATED'], rows)
}

/** `deployment "web" with revision #2`, then one `Field: value` line each (kubectl's `--revision N`). */
export function revisionDetail(name: string, r: Revision, current: boolean): string[] {
  return [
    `deployment "${name}" with revision #${r.revision}${current ? ' (current)' : ''}`,
    `  Job:           ${r.job}`,
    `  Job id:        ${r.jobId}`,
    `  Outcome:       ${orNone(r.outcome)}`,
    `  Change cause:  ${orNone(r.changeCause)}`,
    `  Created:       ${utcTimestamp(r.createdAt)}`,
  ]
}

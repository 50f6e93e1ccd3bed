/** @module Pure revision history (kubectl's rollout history): which Jobs a Deployment ran and how each rollout ended. */
import { REVISION_HISTORY_LIMIT, type Revision } from '../../apis/index.js'

export interface RevisionEntry {
  job: string
  jobId: string
  changeCause: string
  createdAt: string
}

/**
 * Records that `entry.job` is being rolled out. The newest revision already running it is kept as is;
 * an older revision of the same Job moves to the top under a new number (Kubernetes' undo), and the
 * history keeps the newest REVISION_HISTORY_LIMIT entries.
 */
export function recordRevision(revisions: readonly Revision[], entry: RevisionEntry): Revision[] {
  const newest = revisions.at(-1)
  if (newest?.job === entry.job) return [...revisions]
  const next = Math.max(0, ...revisions.map((r) => r.revision)) + 1
  const others = revisions.filter((r) => r.job !== entry.job)
  return [...others, { revision: next, ...entry }].slice(-REVISION_HISTORY_LIMIT)
}

/** The number of the newest revision of `job`, if the history still has one. */
export const revisionOf = (revisions: readonly Revision[], job: string): number | undefined =>
  revisions.findLast((r) => r.job === job)?.revision

/** Sets how the rollout of revision `revision` ended. */
export const withOutcome = (revisions: readonly Revision[], revision: number, outcome: 'DONE' | 'FAILED'): Revision[] =>
  revisions.map((r) => (r.revision === revision ? { ...r, outcome } : r))

/** The newest revision whose rollout succeeded and whose Job is not `failedJob`: where autoRevert goes back to. */
export const lastGoodRevision = (revisions: readonly Revision[], failedJob: string): Revision | undefined =>
  revisions.findLast((r) => r.outcome === 'DONE' && r.job !== failedJob)

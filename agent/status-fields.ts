/** @module What the agent compares and clips of a Task status before it records it (pure). */
import {
  canonicalJson,
  clip,
  MAX_CONTAINER_ERROR,
  MAX_EXIT_LOG_LINE,
  MAX_EXIT_LOG_LINES,
  type TaskStatus,
} from '../apis/index.js'
import { samePorts } from './ports.js'

/** What the reconcile reports; the writer adds the time and the states the status replaced unwritten. */
export type StatusFields = Omit<TaskStatus, 'updatedAt' | 'passedThrough'>

const FIELDS = [
  'state',
  'goal',
  'jobId',
  'restartedAt',
  'containerId',
  'throttled',
  'containerError',
  'exitCode',
  'runningSince',
] as const

export const sameStatus = (a: StatusFields, b: StatusFields): boolean =>
  FIELDS.every((f) => a[f] === b[f]) && samePorts(a.ports, b.ports) && sameExit(a, b)

/** The same exit record: last exit and restart count (what a rollout judges a container by). */
export const sameExit = (a: StatusFields, b: StatusFields | undefined): boolean =>
  a.restartCount === b?.restartCount && canonicalJson(a.lastExit) === canonicalJson(b?.lastExit)

/** The engine's words can be long (a refused image is echoed whole): clipped to what the apiserver stores. */
export function clipped(fields: StatusFields): StatusFields {
  const { containerError, lastExit } = fields
  return {
    ...fields,
    ...(containerError === undefined ? {} : { containerError: clip(containerError, MAX_CONTAINER_ERROR) }),
    ...(lastExit === undefined
      ? {}
      : {
          lastExit: {
            ...lastExit,
            logTail: lastExit.logTail.slice(-MAX_EXIT_LOG_LINES).map((line) => clip(line, MAX_EXIT_LOG_LINE)),
          },
        }),
  }
}

// resourceVersions are ZooKeeper zxids: ordered integers. Anything else counts as "older than everything".
export function versionOf(obj: unknown): bigint {
  const rv = (obj as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion
  try {
    return typeof rv === 'string' && rv !== '' ? BigInt(rv) : -1n
  } catch {
    return -1n
  }
}

/** @module The one field each kind's watchers may be indexed by (Kubernetes indexes pods by spec.nodeName the same way). */
import type { AnyObject, Kind } from '../../apis/index.js'

/** The indexed field per kind, as a field selector names it; each agent watches its Tasks by `spec.host`. */
export const WATCH_INDEX: Partial<Record<Kind, { field: string; valueOf: (obj: AnyObject) => string | undefined }>> = {
  Task: { field: 'spec.host', valueOf: (obj) => (obj.spec as { host?: string } | undefined)?.host },
}

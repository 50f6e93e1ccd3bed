/** @module Holdings bookkeeping shared by both stores: keys, differences and how a holder is named in errors. */
import type { Kind } from '../../apis/index.js'
import type { Holdings } from './store.js'
import { holderName } from './store-errors.js'

/** `Kind/name`: how holdings name objects. */
export const holdingKey = (kind: string, name: string): string => `${kind}/${name}`

/** `deployment "web"` for the holding key `Deployment/web`. */
export function holderOf(key: string): string {
  const slash = key.indexOf('/')
  return holderName(key.slice(0, slash), key.slice(slash + 1))
}

/** What `next` holds that `before` does not (`added`), and the reverse (`removed`); references as holding keys. */
export function holdingsDiff(before: Holdings, next: Holdings) {
  const refs = (h: Holdings) => new Set(h.references.map((r) => holdingKey(r.kind, r.name)))
  const [oldRefs, newRefs] = [refs(before), refs(next)]
  const [oldClaims, newClaims] = [new Set(before.claims), new Set(next.claims)]
  return {
    addedRefs: [...newRefs].filter((k) => !oldRefs.has(k)),
    removedRefs: [...oldRefs].filter((k) => !newRefs.has(k)),
    addedClaims: [...newClaims].filter((c) => !oldClaims.has(c)),
    removedClaims: [...oldClaims].filter((c) => !newClaims.has(c)),
  }
}

/** The kind and name of a holding key. */
export function splitHoldingKey(key: string): { kind: Kind; name: string } {
  const slash = key.indexOf('/')
  return { kind: key.slice(0, slash) as Kind, name: key.slice(slash + 1) }
}

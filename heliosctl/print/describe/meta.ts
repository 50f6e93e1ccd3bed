/** @module The lines every `describe` starts with: name, labels, annotations, creation. */
import type { ObjectMeta } from '../../../apis/index.js'
import { fields, pairsOf, type Value, when } from './layout.js'

/** Name, Labels, Annotations, Created, then the kind's own `extra` fields, all aligned together. */
export function metaFields(meta: ObjectMeta, now: number, extra: ReadonlyArray<readonly [string, Value]>): string[] {
  return fields([
    ['Name', meta.name],
    ['Labels', pairsOf(meta.labels)],
    ['Annotations', pairsOf(meta.annotations)],
    ['Created', when(meta.creationTimestamp, now)],
    ...extra,
  ])
}

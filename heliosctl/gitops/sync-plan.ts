/**
 * @module What one sync applies and what the prune keeps, from a folder read and the last good version of
 * every file: a file that stops parsing keeps its objects on the server until it parses again or is deleted.
 */
import type { ParsedManifest } from '../../apis/index.js'
import type { PruneRef } from '../../client/index.js'
import { sortForApply } from '../commands/apply.js'
import { objectRef } from '../print/object-ref.js'
import type { FileRead } from './folder-read.js'

/**
 * File → its objects the last time it parsed. `undefined`: it was broken when the watch started, so what it
 * held on the server is unknown and nothing may be pruned until it parses or goes away.
 */
export type LastGood = ReadonlyMap<string, readonly ParsedManifest[] | undefined>

export interface BrokenFile {
  file: string
  error: string
  /** Never parsed since the watch started: pruning waits for it. */
  holdsPrune: boolean
  /** `job/web:v1`: the objects of its last good version, which the prune keeps. */
  keeping: string[]
}

export interface SyncPlan {
  /** The objects of the files that parsed, Jobs before Hosts before Deployments. */
  apply: ParsedManifest[]
  /** What the prune must not delete: everything applied plus the last good objects of broken files. */
  keep: PruneRef[]
  broken: BrokenFile[]
  /** False while a broken file's former content is unknown, and on a first read that found no manifest at all. */
  mayPrune: boolean
  /** The first read found no manifest file: a wrong `-f` must not delete the whole apply set. */
  emptyAtStart: boolean
  /** The memory for the next sync: files deleted from the folder are forgotten. */
  lastGood: LastGood
}

/** Plans a sync; `isFirst`: no earlier read of this watch reached the apiserver. Pure. */
export function planSync(reads: readonly FileRead[], lastGood: LastGood, isFirst: boolean): SyncPlan {
  const next = new Map<string, readonly ParsedManifest[] | undefined>()
  const apply: ParsedManifest[] = []
  const kept: ParsedManifest[] = []
  const broken: BrokenFile[] = []
  for (const read of reads) {
    if ('manifests' in read) {
      next.set(read.file, read.manifests)
      apply.push(...read.manifests)
      continue
    }
    // A file first seen broken after the start held nothing we applied, so it holds back nothing.
    const before = lastGood.has(read.file) ? lastGood.get(read.file) : isFirst ? undefined : []
    next.set(read.file, before)
    if (before) kept.push(...before)
    const keeping = (before ?? []).map(({ object }) => objectRef(object))
    broken.push({ file: read.file, error: read.error, holdsPrune: before === undefined, keeping })
  }
  const keep = [...apply, ...kept].map(({ object }) => ({ kind: object.kind, name: object.metadata.name }))
  const emptyAtStart = isFirst && reads.length === 0
  const mayPrune = !emptyAtStart && broken.every((b) => !b.holdsPrune)
  return { apply: sortForApply(apply), keep, broken, mayPrune, emptyAtStart, lastGood: next }
}

/** @module The runtimes' own check of image references, before any engine call: a Task stored before the apiserver checked them still arrives. */
import { type ImageRef, parseImageRef } from '../../apis/index.js'
import { RuntimeError } from './runtime-error.js'

/**
 * The parsed reference, or PullFailed (Helios' IMAGE_PULL_FAILED) naming what is wrong: a reference outside
 * Docker's grammar never reaches an engine, where `..` and friends turn into other URL paths.
 */
export function checkedImageRef(ref: string): ImageRef {
  const parsed = parseImageRef(ref)
  if (typeof parsed === 'string') throw new RuntimeError('PullFailed', `not a Docker image reference: ${parsed}`)
  return parsed
}

export const isImageRef = (ref: string): boolean => typeof parseImageRef(ref) !== 'string'

/** @module The URL path of one object, refusing names that are no path segment of their own before anything is sent. */
import { ApiError, type Kind, resourcePath } from '../apis/index.js'

// '.' and '..' are dot segments: URL parsing (and any proxy) folds `/hosts/.` into `/hosts`, the list, which a
// caller would then take for the object; '/' would reach another route. No kind's schema allows these names.
const NOT_A_NAME = /^\.{0,2}$|\//

/** `/apis/helios/v1/<plural>/<name>[/<sub>]`; Invalid, naming the object, when `name` cannot name one. */
export function objectPath(kind: Kind, name: string, sub?: 'status' | 'log'): string {
  if (NOT_A_NAME.test(name)) {
    throw new ApiError(
      'Invalid',
      `${kind.toLowerCase()} name "${name}" names no object: names are not empty, ".", ".." or hold "/"`,
    )
  }
  return resourcePath(kind, name, sub)
}

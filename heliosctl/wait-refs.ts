/** @module The objects `wait` (and `describe`) take: `KIND/NAME…`, or `KIND NAME…`. */
import type { Kind } from '../apis/index.js'
import { userKind } from './commands/get.js'
import { kindName } from './print/object-ref.js'
import { UsageError } from './usage-error.js'

export interface ObjectRef {
  kind: Kind
  name: string
}

/** `deployment/web task/web@h1`, or `tasks web@h1 web@h2`; unknown kinds and empty names are usage errors. */
export function parseRefs(args: readonly string[]): ObjectRef[] {
  const [first, ...rest] = args
  if (first === undefined) throw new UsageError('name at least one object: KIND/NAME, or KIND NAME')
  if (!first.includes('/')) {
    if (rest.length === 0) throw new UsageError(`"${first}" names no object: use KIND/NAME, or KIND NAME`)
    const kind = userKind(first)
    return rest.map((name) => ({ kind, name: checked(name, name) }))
  }
  return args.map((arg) => {
    const slash = arg.indexOf('/')
    if (slash < 0) throw new UsageError(`"${arg}" is not KIND/NAME`)
    return { kind: userKind(arg.slice(0, slash)), name: checked(arg.slice(slash + 1), arg) }
  })
}

const checked = (name: string, arg: string): string => {
  if (!name || name.includes('/')) throw new UsageError(`"${arg}" is not KIND/NAME`)
  return name
}

/** `deployment/web`. */
export const refText = (ref: ObjectRef): string => kindName(ref.kind, ref.name)

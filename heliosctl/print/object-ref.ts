/** @module How kubectl names one object in one word: `deployment/web`, `task/web@h1` (`-o name`, `wait`, `describe`). */

/** `kind/name`, the kind in lower case. */
export const kindName = (kind: string, name: string): string => `${kind.toLowerCase()}/${name}`

/** `kind/name` of an object. */
export const objectRef = (obj: { kind: string; metadata: { name: string } }): string =>
  kindName(obj.kind, obj.metadata.name)

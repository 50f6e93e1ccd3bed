/** @module How kubectl names one object in one word: `deployment/web`, `task/web@h1` (`-o name`, `wait`, `describe`). */

/** `kind/name`, the kind in lower case. */
export const objectRef = (obj: { kind: string; metadata: { name: string } }): string =>
  `${obj.kind.toLowerCase()}/${obj.metadata.name}`

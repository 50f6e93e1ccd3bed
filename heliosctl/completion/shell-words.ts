/** @module Quoting and `case` tables shared by the bash and zsh completion scripts. */
import type { CompletionNode } from './completion-model.js'

/** `text` as one single-quoted shell word. */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

/** A shell function `name` that runs the body of the entry whose pattern matches `$1` (patterns are literal). */
export function caseFunction(name: string, entries: ReadonlyArray<[pattern: string, body: string]>): string {
  const arms = entries
    .filter(([, body]) => body !== '')
    .map(([pattern, body]) => `    ${shellQuote(pattern)}) ${body} ;;`)
  return [`${name}() {`, '  case "$1" in', ...arms, '  esac', '}'].join('\n')
}

/**
 * The three tables both shells look options up in: which options take a value, which take a path, and the
 * fixed values of an option (`get|-o`); `words` renders a list the way the shell returns it (echo or reply=()).
 */
export function optionTables(nodes: readonly CompletionNode[], words: (list: string[]) => string): string {
  const valueOptions = (n: CompletionNode, pick: (o: CompletionNode['options'][number]) => boolean) =>
    words(n.options.filter((o) => o.takesValue && pick(o)).flatMap((o) => o.names))
  const choices = nodes.flatMap((n) =>
    n.options.flatMap((o) =>
      o.choices ? o.names.map((name): [string, string] => [`${n.path}|${name}`, words(o.choices ?? [])]) : [],
    ),
  )
  return [
    caseFunction(
      '__heliosctl_value_options',
      nodes.map((n) => [n.path, valueOptions(n, () => true)]),
    ),
    caseFunction(
      '__heliosctl_path_options',
      nodes.map((n) => [n.path, valueOptions(n, (o) => o.isPath)]),
    ),
    caseFunction('__heliosctl_choices', choices),
  ].join('\n')
}

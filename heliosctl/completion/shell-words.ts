/** @module Quoting and `case` tables shared by the bash and zsh completion scripts. */

/** `text` as one single-quoted shell word. */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

/** A shell function `name` that runs the body of the entry whose pattern matches `$1` (patterns are literal). */
export function caseFunction(name: string, entries: ReadonlyArray<[pattern: string, body: string]>): string {
  const arms = entries
    .filter(([, body]) => body !== '')
    .map(([pattern, body]) => `    ${shellQuote(pattern)}) ${body} ;;`)
  return [`${name}() {`, '  case "$1" in', ...arms, '  esac', '}'].join('\n')
}

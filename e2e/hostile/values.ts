/** @module Hostile leaf values (strings, numbers, deep and odd shapes) and setting one into an object at a path. */
import fc from 'fast-check'

/** Strings a parser, a path builder or a terminal might choke on; long ones stay under the body limit. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '/',
    '.',
    '..',
    '../..',
    '%2e%2e',
    'a/b',
    'a%2Fb',
    'nginx:v1/../x',
    '\u0000',
    'a\u0000b',
    '\u202e1v:xnign',
    'web\u200b:v1',
    'ｗｅｂ:v1',
    '\ud800',
    '%00',
    '__proto__',
    'constructor',
    ' web:v1',
    'web:v1\n',
    '\u001b[2J\u001b[31mred',
    '🙂:v1',
    'h1',
    'h2',
    'web@h1',
    'apiserver',
    'A'.repeat(253),
    'a'.repeat(254),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: 250, max: 300_000 }).map((n) => 'x'.repeat(n)),
)

/** Nested arrays and objects `depth` deep around `leaf`. */
export function deep(depth: number, leaf: unknown): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53 + 2, 65536, [], {}, ['x'], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 10, max: 1500 }).map((d) => deep(d, 'x')),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
  fc.array(hostileString, { maxLength: 5 }),
)

/**
 * Addresses an agent could register: all on this machine, so a log request the apiserver sends there never leaves
 * it. Some carry URL syntax (`@`, `/`, `#`) that a careless URL builder would read as another host or path.
 */
export const loopbackAddress = (port: number): fc.Arbitrary<string> =>
  fc.constantFrom(
    '127.0.0.1:1',
    `127.0.0.1:${port}`,
    'localhost:9',
    '[::1]:9',
    '127.0.0.1',
    '127.0.0.1:99999',
    '127.0.0.1:1@127.0.0.2:1',
    '127.0.0.1:1/../x#',
    '',
  )

/** A copy of `obj` with `value` at `path` (intermediate objects made as needed; `__proto__` set as an own key). */
export function setPath(
  obj: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(obj)
  let at: Record<string, unknown> = copy
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(at, key) ? at[key] : undefined
    if (next === null || typeof next !== 'object') define(at, key, {})
    at = at[key] as Record<string, unknown>
  }
  define(at, path[path.length - 1] as string, value)
  return copy
}

function define(at: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(at, key, { value, enumerable: true, writable: true, configurable: true })
}

// Port names and label keys on the command line are users' words: `toString` or `constructor` are never Object.prototype's.
import { expect, test } from 'vitest'
import { buildJob } from './job-from-flags.js'
import { parseLabelArgs } from './label-changes.js'
import { addPortSpec } from './port-spec.js'

const INHERITED = ['toString', 'constructor', 'valueOf', 'hasOwnProperty']

test.each(INHERITED)('--tcp-check %s is refused when the Job has no port of that name', (port) => {
  const flags = { id: 'w:1', image: 'busybox', command: [], healthCheck: { type: 'tcp' as const, port } }
  expect(() => buildJob(flags)).toThrow(
    `--tcp-check: port "${port}" is not defined in the job (known: none; add one with -p)`,
  )
})

test.each(INHERITED)('-p %s=80 is a new port, not a duplicate', (name) => {
  expect(addPortSpec(`${name}=80`)).toEqual({ [name]: expect.objectContaining({ internalPort: 80 }) })
})

test.each(INHERITED)('removing label %s is not taken as also setting it', (key) => {
  expect(parseLabelArgs([`${key}-`])).toEqual({ set: {}, remove: [key] })
})

test('a label key __proto__ is set as an own key, never the prototype', () => {
  const { set } = parseLabelArgs(['__proto__=x'])
  expect(Object.entries(set)).toEqual([['__proto__', 'x']])
})

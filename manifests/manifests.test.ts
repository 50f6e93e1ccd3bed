import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { isOfKind, parseManifests } from '../apis/index.js'
import { DENY_ALL_POLICY } from '../apiserver/rules/admission-policy.js'
import { jobPolicyViolations } from '../apiserver/rules/security-policy.js'

const dir = new URL('.', import.meta.url).pathname
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))

test('the examples folder is not empty', () => {
  expect(files.length).toBeGreaterThan(0)
})

test.each(files)('%s parses through parseManifests', (file) => {
  const docs = parseManifests(readFileSync(join(dir, file), 'utf8'), file)
  expect(docs.length).toBeGreaterThan(0)
})

// `heliosctl apply -f manifests/` must work against a default (deny-by-default) apiserver such as `npm run solo`;
// what needs an --allow-* flag is shown in a comment naming the flag instead.
test.each(files)('%s passes the default admission policy', (file) => {
  const docs = parseManifests(readFileSync(join(dir, file), 'utf8'), file)
  for (const { object } of docs) {
    if (isOfKind(object, 'Job')) expect(jobPolicyViolations(object.spec, DENY_ALL_POLICY)).toEqual([])
  }
})

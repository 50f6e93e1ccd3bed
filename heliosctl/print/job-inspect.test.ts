// inspect's lines hold stored words: a control character or newline in one never reaches the terminal raw.
import { expect, test } from 'vitest'
import { job } from '../testing/fixtures.js'
import { inspectLines } from './job-inspect.js'

test('a registration key or port name with a newline or ESC stays on its Reg line, escaped', () => {
  const registration = { 'svc/tcp\n': { ports: { 'p\u001b[2J': {} } }, 'web/http': { ports: { http: {} } } }
  // Stored before the schema refused such keys: printing must not trust the validator.
  const stored = job('web:v1')
  const lines = inspectLines({ ...stored, spec: { ...stored.spec, registration } })
  const reg = lines.slice(lines.findIndex((l) => l.startsWith('Reg: ')))
  expect(reg.slice(0, 2)).toEqual(['Reg: svc/tcp\\n=p\\u001b[2J', '     web/http=http'])
  expect(lines.filter((l) => l.includes('\n') || l.includes('\u001b'))).toEqual([])
})

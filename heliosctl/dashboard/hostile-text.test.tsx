import { render } from 'ink-testing-library'
import { afterEach, expect, test } from 'vitest'
import { App } from './App.js'
import { cell } from './row.js'
import { fakeSource } from './testing/fake-source.js'
import { event, fleet } from './testing/snapshot-fixtures.js'

const ATTACK = '\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b1A\u202eevil\rX'
// What reaches Ink: no ESC, C1, CR or bidi control from data (Ink adds its own escapes only when colour is on).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

test('every dashboard cell is inert and short', () => {
  expect(cell(ATTACK).text).toBe('\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\u009b1A\\u202eevil\\rX')
  expect(cell('x'.repeat(260_000)).text).toHaveLength(80)
})

test('hostile Event messages, container errors and deployment messages render inert', async () => {
  const f = fleet()
  const [web, db] = f.deployments
  const hostile = {
    ...f,
    deployments: [{ ...web!, status: { ...web!.status!, message: ATTACK } }, db!],
    tasks: f.tasks.map((t) => ({ ...t, status: t.status && { ...t.status, containerError: ATTACK } })),
    events: [...f.events, event('evil.1', 'Task', 'web@h1', 'Warning', 'Failed', ATTACK, 5000)],
  }
  const r = render(<App source={fakeSource(hostile)} color={false} size={{ rows: 40, columns: 200 }} />)
  unmount = r.unmount
  const frame = r.lastFrame() ?? ''
  expect(frame).toContain('\\u001b]52;c;ZXZpbA==')
  expect(frame).not.toMatch(unsafe)
  // The detail screen of the Deployment (its message, its Tasks' errors).
  for (const key of ['\t', 'j', '\r']) {
    r.stdin.write(key)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await expect.poll(() => r.lastFrame() ?? '', { timeout: 3000, interval: 10 }).toContain('Deployment web')
  expect(r.lastFrame()).not.toMatch(unsafe)
  expect(r.lastFrame()).toContain('\\u001b]52;c;ZXZpbA==')
})

test('a connection error from the server is inert in the status bar', () => {
  const r = render(
    <App
      source={fakeSource({ ...fleet(), connection: { state: 'reconnecting', error: ATTACK } })}
      color={false}
      size={{ rows: 40, columns: 200 }}
    />,
  )
  unmount = r.unmount
  const frame = r.lastFrame() ?? ''
  expect(frame).toContain('reconnecting')
  expect(frame).not.toMatch(unsafe)
})

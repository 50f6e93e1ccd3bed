import { render } from 'ink-testing-library'
import { afterEach, describe, expect, test } from 'vitest'
import { App } from './App.js'
import { type FakeSource, fakeSource } from './testing/fake-source.js'
import { fleet } from './testing/snapshot-fixtures.js'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

function show(source: FakeSource, rows = 40) {
  const r = render(<App source={source} color={false} size={{ rows, columns: 100 }} />)
  unmount = r.unmount
  const frame = () => r.lastFrame() ?? ''
  return {
    frame,
    /** Types keys one write at a time and lets Ink handle each. */
    async press(...keys: string[]) {
      for (const key of keys) {
        r.stdin.write(key)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    },
  }
}

describe('overview', () => {
  test('shows hosts, deployments with progress, tasks and the event feed', () => {
    const { frame } = show(fakeSource(fleet()))
    console.log(frame())
  })
})

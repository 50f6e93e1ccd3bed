import { describe, expect, test } from 'vitest'
import { type AnyObject, ApiError } from '../apis/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { type StatusFields, StatusWriter } from './status-writer.js'
import { MemoryState } from './testing/memory-state.js'
import { makeTask } from './testing/tasks.js'

const running: StatusFields = { state: 'RUNNING', goal: 'START', throttled: 'NO', ports: {}, containerId: 'c1' }

function writer(answer: (obj: AnyObject) => unknown) {
  const state = new MemoryState()
  const sent: AnyObject[] = []
  const client = {
    updateStatus: async (_kind: 'Task', obj: AnyObject) => {
      sent.push(obj)
      return answer(obj)
    },
  }
  return { state, sent, statuses: new StatusWriter({ client, store: state, clock: new ManualClock(), log: () => {} }) }
}

describe('StatusWriter', () => {
  test('writes once per change, without resourceVersion, and not again while the cache lags behind', async () => {
    const { statuses, sent, state } = writer((obj) => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: '7' } }))
    const task = makeTask('web', { image: 'busybox' }) // resourceVersion 1: older than the write
    await statuses.report(task, running)
    await statuses.report(task, running)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.metadata.resourceVersion).toBeUndefined()
    expect(sent[0]?.status).toMatchObject({ state: 'RUNNING', updatedAt: '2024-01-01T00:00:00.000Z' })
    expect(state.pending).toEqual({})
  })

  test('NotFound (task deleted) and Invalid drop the pending status; Unavailable keeps it for later', async () => {
    let error: ApiError = new ApiError('Unavailable', 'cannot reach apiserver')
    const { statuses, state } = writer(() => {
      throw error
    })
    await statuses.report(makeTask('web', { image: 'busybox' }), running)
    expect(Object.keys(state.pending)).toEqual(['web@h1'])
    error = new ApiError('NotFound', 'task "web@h1" not found')
    await statuses.flush('web@h1')
    expect(state.pending).toEqual({})
    error = new ApiError('Invalid', 'bad status')
    await statuses.report(makeTask('api', { image: 'busybox' }), running)
    expect(state.pending).toEqual({})
  })
})

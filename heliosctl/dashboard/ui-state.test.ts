import { describe, expect, test } from 'vitest'
import { commandFor, splitKeys } from './keymap.js'
import { detailHeights, overviewHeights } from './layout.js'
import { filterRows, visibleWindow } from './row.js'
import { selectedDeployment } from './screens.js'
import { fakeSource } from './testing/fake-source.js'
import { fleet } from './testing/snapshot-fixtures.js'
import { initialUi, reduceUi, type UiAction, type UiState } from './ui-state.js'

const snap = fakeSource(fleet()).getSnapshot()
const after = (...actions: UiAction[]): UiState => actions.reduce(reduceUi, initialUi)

describe('reducer', () => {
  test('tab cycles the panes both ways', () => {
    expect(after({ type: 'switchPane', by: 1 }).pane).toBe('deployments')
    expect(after({ type: 'switchPane', by: -1 }).pane).toBe('events')
  })

  test('moves stay within the rows', () => {
    expect(after({ type: 'move', by: 5, count: 3 }).cursors.hosts).toBe(2)
    expect(after({ type: 'move', by: -1, count: 3 }).cursors.hosts).toBe(0)
  })

  test('events follow the newest until moved up, and again once moved past the newest', () => {
    const events = after({ type: 'switchPane', by: -1 })
    expect(events.cursors.events).toBeUndefined()
    const up = reduceUi(events, { type: 'move', by: -1, count: 5 })
    expect(up.cursors.events).toBe(3)
    expect(reduceUi(up, { type: 'move', by: 1, count: 5 }).cursors.events).toBeUndefined()
  })

  test('each screen has its own filter; a new filter starts from the top', () => {
    const typed = after(
      { type: 'move', by: 1, count: 3 },
      { type: 'filterStart' },
      { type: 'filterType', text: 'w' },
      { type: 'filterType', text: 'x' },
      { type: 'filterErase' },
    )
    expect(typed.filters.overview).toBe('w')
    expect(typed.cursors.hosts).toBe(0)
    const opened = reduceUi({ ...typed, editingFilter: false }, { type: 'open', deployment: 'web' })
    expect(opened).toMatchObject({ screen: 'detail', detail: 'web', filters: { overview: 'w', detail: '' } })
    const back = reduceUi(opened, { type: 'back' })
    expect(back).toMatchObject({ screen: 'overview', filters: { overview: 'w' } })
    expect(reduceUi(back, { type: 'filterCancel' }).filters.overview).toBe('')
  })
})

describe('keymap', () => {
  const key = {}
  test('keys on the overview', () => {
    expect(commandFor('q', key, initialUi, snap)).toEqual({ type: 'quit' })
    expect(commandFor('c', { ctrl: true }, initialUi, snap)).toEqual({ type: 'quit' })
    expect(commandFor('', { tab: true, shift: true }, initialUi, snap)).toEqual({
      type: 'ui',
      action: { type: 'switchPane', by: -1 },
    })
    expect(commandFor('j', key, initialUi, snap)).toEqual({ type: 'ui', action: { type: 'move', by: 1, count: 2 } })
    expect(commandFor('', { upArrow: true }, initialUi, snap)).toMatchObject({ action: { by: -1 } })
  })

  test('actions apply to the selected Deployment, or to the selected Task’s', () => {
    const deployments = after({ type: 'switchPane', by: 1 }, { type: 'move', by: 1, count: 2 })
    expect(selectedDeployment(snap, deployments)).toBe('web')
    expect(commandFor('u', key, deployments, snap)).toEqual({
      type: 'ui',
      action: { type: 'ask', action: 'undo', deployment: 'web' },
    })
    const tasks = after({ type: 'switchPane', by: 1 }, { type: 'switchPane', by: 1 })
    expect(selectedDeployment(snap, tasks)).toBe('db')
    expect(selectedDeployment(snap, initialUi)).toBeUndefined()
    expect(commandFor('', { return: true }, tasks, snap)).toEqual({
      type: 'ui',
      action: { type: 'open', deployment: 'db' },
    })
  })

  test('a pending confirmation takes y to run and anything else to cancel; q is text in the filter', () => {
    const asking = after({ type: 'ask', action: 'stop', deployment: 'web' })
    expect(commandFor('y', key, asking, snap)).toEqual({ type: 'run', action: 'stop', deployment: 'web' })
    expect(commandFor('q', key, asking, snap)).toEqual({ type: 'ui', action: { type: 'cancelConfirm' } })
    const filtering = after({ type: 'filterStart' })
    expect(commandFor('q', key, filtering, snap)).toEqual({ type: 'ui', action: { type: 'filterType', text: 'q' } })
    expect(commandFor('', { escape: true }, filtering, snap)).toEqual({ type: 'ui', action: { type: 'filterCancel' } })
  })
})

test('keys that arrive together are split; a single key or a ctrl/meta chord is not', () => {
  expect(splitKeys('\tj\r\u007F', {})).toEqual([
    ['', { tab: true }],
    ['j', {}],
    ['', { return: true }],
    ['', { backspace: true }],
  ])
  expect(splitKeys('q', {})).toEqual([['q', {}]])
  expect(splitKeys('ab', { meta: true })).toEqual([['ab', { meta: true }]])
})

describe('rows and layout', () => {
  test('filter matches any cell, case-insensitively', () => {
    const rows = [
      { key: 'a', cells: [{ text: 'Web' }, { text: 'RUNNING' }] },
      { key: 'b', cells: [{ text: 'db' }, { text: 'STOPPED' }] },
    ]
    expect(filterRows(rows, 'stop').map((r) => r.key)).toEqual(['b'])
    expect(filterRows(rows, ' ').map((r) => r.key)).toEqual(['a', 'b'])
  })

  test('the window keeps the cursor in view, centred; no cursor shows the tail', () => {
    expect(visibleWindow(3, 0, 5)).toEqual({ start: 0, end: 3 })
    expect(visibleWindow(20, 0, 5)).toEqual({ start: 0, end: 5 })
    expect(visibleWindow(20, 10, 5)).toEqual({ start: 8, end: 13 })
    expect(visibleWindow(20, 19, 5)).toEqual({ start: 15, end: 20 })
    expect(visibleWindow(20, undefined, 5)).toEqual({ start: 15, end: 20 })
  })

  test('pane heights fit the terminal and give spare lines to panes that need them', () => {
    const h = overviewHeights(45, { hosts: 2, deployments: 50, tasks: 50, events: 50 })
    const used = h.hosts + h.deployments + h.tasks + h.events
    expect(used).toBe(45 - 3 - 1 - 8)
    expect(h.hosts).toBe(2)
    expect(h.deployments).toBe(8)
    const small = overviewHeights(10, { hosts: 9, deployments: 9, tasks: 9, events: 9 })
    expect(Object.values(small).every((n) => n >= 1)).toBe(true)
    const d = detailHeights(45, 3, 2)
    expect(d.tasks).toBe(3)
    expect(d.tasks + d.events).toBe(45 - 3 - 1 - 2 - 4)
  })
})

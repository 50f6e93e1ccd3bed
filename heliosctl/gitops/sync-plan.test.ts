import { describe, expect, test } from 'vitest'
import { parseManifests } from '../../apis/index.js'
import { DEPLOYMENT, JOB } from '../testing/fixtures.js'
import type { FileRead } from './folder-read.js'
import { planSync } from './sync-plan.js'

const good = (file: string, text: string): FileRead => ({ file, manifests: parseManifests(text, file) })
const bad = (file: string): FileRead => ({ file, error: `${file}: malformed YAML` })
const names = (refs: Array<{ kind: string; name: string }>) => refs.map((r) => `${r.kind}/${r.name}`)

describe('planSync', () => {
  test('applies Jobs before Deployments and keeps what it applies', () => {
    const plan = planSync([good('d.yaml', DEPLOYMENT), good('j.yaml', JOB)], new Map(), true)
    expect(plan.apply.map((m) => m.object.kind)).toEqual(['Job', 'Deployment'])
    expect(names(plan.keep)).toEqual(['Deployment/nginx', 'Job/nginx:v1'])
    expect(plan).toMatchObject({ broken: [], mayPrune: true })
  })

  test('a file that breaks keeps its last good objects, applies nothing, and lets the prune run', () => {
    const first = planSync([good('d.yaml', DEPLOYMENT), good('j.yaml', JOB)], new Map(), true)
    const second = planSync([good('d.yaml', DEPLOYMENT), bad('j.yaml')], first.lastGood, false)
    expect(second.apply.map((m) => m.object.kind)).toEqual(['Deployment'])
    expect(names(second.keep)).toEqual(['Deployment/nginx', 'Job/nginx:v1'])
    expect(second.broken).toEqual([
      { file: 'j.yaml', error: 'j.yaml: malformed YAML', holdsPrune: false, keeping: ['job/nginx:v1'] },
    ])
    expect(second.mayPrune).toBe(true)
    // Still broken next time: its last good objects are still kept.
    expect(names(planSync([bad('j.yaml')], second.lastGood, false).keep)).toEqual(['Job/nginx:v1'])
  })

  test('broken at the first read: what it held is unknown, so nothing is pruned; broken when new: it held nothing', () => {
    const first = planSync([good('d.yaml', DEPLOYMENT), bad('j.yaml')], new Map(), true)
    expect(first.mayPrune).toBe(false)
    expect(first.broken[0]?.holdsPrune).toBe(true)
    expect(planSync([bad('j.yaml')], first.lastGood, false).mayPrune).toBe(false)
    expect(planSync([good('j.yaml', JOB)], first.lastGood, false).mayPrune).toBe(true)
    const later = planSync([good('d.yaml', DEPLOYMENT), bad('new.yaml')], first.lastGood, false)
    expect(later).toMatchObject({ mayPrune: true, broken: [{ file: 'new.yaml', holdsPrune: false, keeping: [] }] })
  })

  test('an empty folder at start prunes nothing (a wrong -f); emptied later, it prunes', () => {
    expect(planSync([], new Map(), true)).toMatchObject({ emptyAtStart: true, mayPrune: false })
    expect(planSync([], new Map(), false)).toMatchObject({ emptyAtStart: false, mayPrune: true })
  })

  test('a deleted file is forgotten', () => {
    const first = planSync([good('d.yaml', DEPLOYMENT), good('j.yaml', JOB)], new Map(), true)
    expect([...planSync([good('d.yaml', DEPLOYMENT)], first.lastGood, false).lastGood.keys()]).toEqual(['d.yaml'])
  })
})

import { describe, expect, test } from 'vitest'
import { deploymentName } from './deployment-ref.js'
import { parseDuration } from './duration-flag.js'
import { applyLabels, parseLabelArgs } from './label-changes.js'

describe('parseDuration', () => {
  test('units, combinations and bare seconds; anything else is refused', () => {
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('300')).toBe(300_000)
    expect(parseDuration('0')).toBe(0)
    for (const bad of ['5x', 'm', '5m junk', '']) expect(() => parseDuration(bad)).toThrow(/expected a duration/)
  })
})

describe('deploymentName', () => {
  test('deployment/, deployments/, deploy/ or nothing; other kinds and empty names are usage errors', () => {
    for (const ref of ['deployment/web', 'deployments/web', 'deploy/web', 'Deployment/web', 'web'])
      expect(deploymentName(ref)).toBe('web')
    expect(() => deploymentName('host/web')).toThrow(/is not a deployment/)
    expect(() => deploymentName('deploy/')).toThrow(/names no deployment/)
  })
})

describe('labels', () => {
  test('k=v sets (empty value allowed), k- removes; setting and removing one key is refused', () => {
    expect(parseLabelArgs(['a=1', 'b=', 'c-'])).toEqual({ set: { a: '1', b: '' }, remove: ['c'] })
    expect(() => parseLabelArgs(['-'])).toThrow(/invalid label "-"/)
    expect(() => parseLabelArgs(['a=1', 'a-'])).toThrow(/both set and removed/)
  })

  test('an unchanged value needs no --overwrite; removing a missing key is fine', () => {
    expect(applyLabels({ a: '1' }, { set: { a: '1' }, remove: ['zz'] }, false)).toEqual({ a: '1' })
    expect(() => applyLabels({ a: '1' }, { set: { a: '2' }, remove: [] }, false)).toThrow(/--overwrite is false/)
  })

  test("a Host agent's own labels count as set: changing one needs --overwrite, removing one is refused", () => {
    const agent = { role: 'web' }
    expect(() => applyLabels({}, { set: { role: 'db' }, remove: [] }, false, agent)).toThrow(/--overwrite is false/)
    expect(applyLabels({}, { set: { role: 'db' }, remove: [] }, true, agent)).toEqual({ role: 'db' })
    expect(() => applyLabels({}, { set: {}, remove: ['role'] }, false, agent)).toThrow(/the agent's own label/)
    // The user's own value over the agent's can go: the agent's shows again.
    expect(applyLabels({ role: 'db' }, { set: {}, remove: ['role'] }, false, agent)).toEqual({})
  })
})

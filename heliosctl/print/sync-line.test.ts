import { describe, expect, test } from 'vitest'
import { colors } from './style.js'
import { type SyncReport, syncLine } from './sync-line.js'
import { renderForTerminal } from './terminal-text.js'

const plain = colors(false)
const base: SyncReport = { n: 7, changes: [], timeoutMs: 60_000, broken: [], errors: [], warnings: [] }

describe('syncLine', () => {
  test('changes, then how it converged, then errors and warnings', () => {
    const report: SyncReport = {
      ...base,
      changes: [
        { kind: 'Job', name: 'web:v2', outcome: 'created' },
        { kind: 'Deployment', name: 'web', outcome: 'configured' },
        { kind: 'Deployment', name: 'old', outcome: 'pruned' },
      ],
      convergence: { state: 'converged', ms: 4230 },
      broken: [{ file: 'm/bad.yaml', error: 'm/bad.yaml: malformed YAML', holdsPrune: true, keeping: [] }],
      errors: ['deployment/x (m/x.yaml#1): job "nope:v1" not found'],
      warnings: ['job/base:v1 not pruned: still used'],
    }
    expect(syncLine(report, plain)).toBe(
      'sync 7: job/web:v2 created, deployment/web configured, deployment/old pruned; converged in 4.2s; ' +
        'error: m/bad.yaml: malformed YAML (file skipped; nothing is pruned until it parses); ' +
        'error: deployment/x (m/x.yaml#1): job "nope:v1" not found; warning: job/base:v1 not pruned: still used',
    )
  })

  test('the ways a convergence wait ends, and an unreachable apiserver', () => {
    const changed = { ...base, changes: [{ kind: 'Deployment', name: 'web', outcome: 'created' as const }] }
    const line = (convergence: SyncReport['convergence']) => syncLine({ ...changed, convergence }, plain)
    expect(line({ state: 'timeout', ms: 60_400, reason: 'task web@h1 PULLING_IMAGE' })).toBe(
      'sync 7: deployment/web created; not converged after 60s: task web@h1 PULLING_IMAGE',
    )
    expect(line({ state: 'failed', ms: 12_000, reason: 'deployment/web: h1: pull failed' })).toBe(
      'sync 7: deployment/web created; failed after 12.0s: deployment/web: h1: pull failed',
    )
    expect(line({ state: 'stopped', ms: 1500 })).toBe('sync 7: deployment/web created; stopped while converging (1.5s)')
    expect(
      syncLine({ ...base, unreachable: 'cannot reach apiserver at http://x (ECONNREFUSED)', retryInMs: 4000 }, plain),
    ).toBe('sync 7: error: cannot reach apiserver at http://x (ECONNREFUSED); retrying in 4s')
  })

  test('colours only when asked: errors red, convergence green', () => {
    const line = syncLine({ ...base, errors: ['boom'], convergence: { state: 'converged', ms: 0 } }, colors(true))
    expect(renderForTerminal(line)).toBe(
      'sync 7: no changes; \u001b[32mconverged in 0.0s\u001b[39m; \u001b[31merror: boom\u001b[39m',
    )
  })
})

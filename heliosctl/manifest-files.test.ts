import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadManifests } from './manifest-files.js'
import { DEPLOYMENT, JOB } from './testing/fixtures.js'

let dir: string
const noStdin = async () => {
  throw new Error('stdin must not be read')
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-manifests-'))
  await writeFile(join(dir, 'b-deploy.yml'), DEPLOYMENT)
  await writeFile(join(dir, 'a-job.yaml'), JOB)
  await writeFile(
    join(dir, 'c-host.json'),
    JSON.stringify({ apiVersion: 'helios/v1', kind: 'Host', metadata: { name: 'web1' } }),
  )
  await writeFile(join(dir, 'README.md'), '# not a manifest')
  await mkdir(join(dir, 'nested'))
  await writeFile(join(dir, 'nested', 'z.yaml'), JOB.replace('nginx:v1', 'nested:v1'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('loadManifests', () => {
  test('a directory contributes its yaml, yml and json files in name order, not recursing', async () => {
    const manifests = await loadManifests([dir], noStdin)
    expect(manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`)).toEqual([
      'Job/nginx:v1',
      'Deployment/nginx',
      'Host/web1',
    ])
    expect(manifests[0]?.source).toBe(`${join(dir, 'a-job.yaml')}#1`)
  })

  test('recursive: subdirectories too, in name order', async () => {
    const manifests = await loadManifests([dir], noStdin, { recursive: true })
    expect(manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`)).toEqual([
      'Job/nginx:v1',
      'Deployment/nginx',
      'Host/web1',
      'Job/nested:v1',
    ])
  })

  test('- reads stdin, multi-document', async () => {
    const manifests = await loadManifests(['-'], async () => `${JOB}---\n${DEPLOYMENT}`)
    expect(manifests.map((m) => m.source)).toEqual(['<stdin>#1', '<stdin>#2'])
  })

  test('one bad file fails the whole load, naming the file and field', async () => {
    const bad = join(dir, 'nested', 'bad.yaml')
    await writeFile(bad, JOB.replace('image: "nginx:1.7.1"', 'image: ""'))
    await expect(loadManifests([join(dir, 'a-job.yaml'), bad], noStdin)).rejects.toThrow(
      /bad\.yaml: Job "nginx:v1" is invalid: spec\.image/,
    )
  })

  test('a missing path is named', async () => {
    await expect(loadManifests([join(dir, 'nope.yaml')], noStdin)).rejects.toThrow(
      /the path ".*nope\.yaml" does not exist/,
    )
  })
})

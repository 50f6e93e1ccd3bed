import { describe, expect, test } from 'vitest'
import { ALL_KINDS, kindJsonSchemas } from '../../apis/index.js'
import { fieldsOf, type SchemaNode } from '../explain-schema.js'
import { heliosctl } from '../testing/cli.js'

// explain reads only the schemas; no request reaches this address.
const explain = (...argv: string[]) => heliosctl('http://127.0.0.1:9', ['explain', ...argv])

describe('explain', () => {
  test('every kind renders: KIND, VERSION, its description and its top-level FIELDS', async () => {
    for (const kind of ALL_KINDS) {
      const result = await explain(kind.toLowerCase())
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`^KIND: {7}${kind}\\nVERSION: {4}helios/v1\\n\\nDESCRIPTION:\\n {4}\\S`))
      expect(result.stdout).toContain('\nFIELDS:\n  apiVersion\t<string> -required-\n')
      expect(result.stdout).toContain('  metadata\t<Object> -required-\n')
      expect(result.stdout).not.toContain('<no description>\n\n  metadata')
    }
  })

  test('every top-level spec field of Job and Deployment has a description', () => {
    const schemas = kindJsonSchemas()
    for (const kind of ['Job', 'Deployment'] as const) {
      const spec = fieldsOf(schemas[kind] as SchemaNode)?.fields.spec
      const fields = Object.entries(fieldsOf(spec ?? {})?.fields ?? {})
      expect(fields.length).toBeGreaterThan(5)
      const undescribed = fields.filter(([, node]) => !node.description?.trim()).map(([name]) => name)
      expect(undescribed, `${kind}.spec fields without a description`).toEqual([])
    }
  })

  test('a field: FIELD line with type and -required-, its description, defaults, enum values and its FIELDS', async () => {
    const rollout = await explain('deploy.spec.rollout')
    expect(rollout.stdout).toMatch(/^KIND: {7}Deployment\nVERSION: {4}helios\/v1\n\nFIELD: {6}rollout <Object>\n\n/)
    expect(rollout.stdout).toContain(
      '  parallelism\t<integer>\n    Hosts moved to the new Job at the same time.\n    Default: 1\n',
    )
    const goal = await explain('deployment.spec.goal')
    expect(goal.stdout).toBe(
      'KIND:       Deployment\nVERSION:    helios/v1\n\nFIELD:      goal <string>\n\nDESCRIPTION:\n    START runs the containers; STOP stops them and keeps the Tasks.\n    Possible values: START, STOP\n    Default: "START"\n',
    )
    const image = await explain('jobs.spec.image')
    expect(image.stdout).toContain('FIELD:      image <string> -required-\n')
  })

  test('maps, lists and unions are walked through: ports, containers, healthCheck', async () => {
    expect((await explain('job.spec.ports')).stdout).toContain('FIELD:      ports <map[string]Object>\n')
    expect((await explain('job.spec.ports.internalPort')).stdout).toContain(
      'FIELD:      internalPort <integer> -required-\n\nDESCRIPTION:\n    Port the process listens on inside the container.\n',
    )
    expect((await explain('job.spec.containers')).stdout).toContain('FIELD:      containers <[]Object>\n')
    const check = (await explain('job.spec.healthCheck')).stdout
    expect(check).toContain('  type\t<string> -required-\n')
    expect(check).toContain('    Possible values: http, tcp, exec\n')
    expect(check).toContain('  command\t<[]string>\n')
  })

  test('--recursive prints the nested field tree', async () => {
    const { stdout } = await explain('host', '--recursive')
    expect(stdout).toContain('  status\t<Object>\n    state\t<string> -required-\n')
    expect(stdout).toContain('    hostInfo\t<Object>\n      hostname\t<string> -required-\n')
  })

  test('an unknown field names it and lists the fields there, exit 1; an unknown kind is a usage error', async () => {
    const result = await explain('job.spec.foo')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^error: field "spec\.foo" does not exist in job; fields are: image, hostname, command, /,
    )
    expect((await explain('pod')).code).toBe(2)
  })
})

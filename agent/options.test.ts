import { describe, expect, test } from 'vitest'
import { checkHostName, parseDockerHost, parseLabels } from './options.js'

describe('agent options', () => {
  test('DOCKER_HOST: default socket, unix://, tcp://, and a clear error otherwise', () => {
    expect(parseDockerHost(undefined)).toEqual({
      socketPath: '/var/run/docker.sock',
      endpoint: 'unix:///var/run/docker.sock',
    })
    expect(parseDockerHost('unix:///run/d.sock')).toEqual({ socketPath: '/run/d.sock', endpoint: 'unix:///run/d.sock' })
    expect(parseDockerHost('tcp://127.0.0.1:2375')).toEqual({
      host: '127.0.0.1',
      port: 2375,
      endpoint: 'tcp://127.0.0.1:2375',
    })
    expect(parseDockerHost('ssh://box')).toMatch(/^unsupported DOCKER_HOST "ssh:\/\/box"/)
  })

  test('labels and host names', () => {
    expect(parseLabels(['role=web', 'zone=a=b', 'empty='])).toEqual({ role: 'web', zone: 'a=b', empty: '' })
    expect(parseLabels(['role'])).toBe('invalid --label "role": expected key=value')
    expect(checkHostName('web-1.example')).toBeUndefined()
    expect(checkHostName('bad host')).toMatch(/^invalid --name/)
  })
})

/** @module Test registrar: records each call (optionally into a shared timeline) and fails the next `failures` calls. */
import type { ServiceRegistration } from '../discovery/registrations.js'
import type { ServiceRegistrar } from '../discovery/service-registrar.js'

export function recordingRegistrar(held = new Map<string, ServiceRegistration[]>(), calls: string[] = []) {
  const registrar: ServiceRegistrar & { failures: number; calls: string[] } = {
    name: 'recording',
    failures: 0,
    calls,
    async register(task, registrations) {
      calls.push(`register ${task} ${registrations.map((r) => `${r.service}/${r.protocol}:${r.port}`).join(',')}`)
      if (registrar.failures-- > 0) throw new Error('registry away')
    },
    async deregister(task) {
      calls.push(`deregister ${task}`)
      if (registrar.failures-- > 0) throw new Error('registry away')
    },
    registered: async () => held,
  }
  return registrar
}

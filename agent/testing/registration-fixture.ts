/** @module Test registration: port http of Task web@h1 announced as web/http in example.net; `over` changes fields. */
import type { ServiceRegistration } from '../discovery/registrations.js'

export const registration = (over: Partial<ServiceRegistration> = {}): ServiceRegistration => ({
  service: 'web',
  protocol: 'http',
  domain: 'example.net',
  host: 'h1',
  port: 20001,
  portName: 'http',
  transport: 'tcp',
  tags: [],
  job: 'web:v1:abc',
  task: 'web@h1',
  ...over,
})

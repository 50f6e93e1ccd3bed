import { expect, test } from 'vitest'
import { canonicalSecurityOpt } from './security-opt.js'

test.each([
  ['seccomp=unconfined', 'seccomp=unconfined'],
  ['seccomp:unconfined', 'seccomp=unconfined'],
  ['apparmor:unconfined', 'apparmor=unconfined'],
  ['label=disable', 'label=disable'],
  ['label:disable', 'label=disable'],
  ['disable', 'label=disable'],
  ['label=type:spc_t', 'label=type:spc_t'], // "=" first: the value keeps its ":"
  ['label:type:spc_t', 'label=type:spc_t'],
  ['no-new-privileges', 'no-new-privileges=true'],
  ['no-new-privileges:true', 'no-new-privileges=true'],
  ['no-new-privileges=1', 'no-new-privileges=true'],
  ['no-new-privileges=T', 'no-new-privileges=true'],
  ['no-new-privileges=True', 'no-new-privileges=true'],
  ['no-new-privileges=false', 'no-new-privileges=false'],
  ['no-new-privileges:0', 'no-new-privileges=false'],
  ['no-new-privileges=yes', 'no-new-privileges=yes'], // the engine refuses it; it stays unknown here
  ['writable-cgroups', 'writable-cgroups=true'],
  ['SECCOMP=unconfined', 'SECCOMP=unconfined'], // not seccomp to the engine either
  ['seccomp=Unconfined', 'seccomp=Unconfined'],
  ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}', 'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'],
  ['systempaths=unconfined', 'systempaths=unconfined'],
  ['garbage', 'garbage'],
])('%j means %j', (opt, canonical) => {
  expect(canonicalSecurityOpt(opt)).toBe(canonical)
})

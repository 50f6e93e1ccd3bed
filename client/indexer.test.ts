import { describe, expect, test } from 'vitest'
import { Indexer } from './indexer.js'

interface Obj {
  metadata: { name: string }
  hosts: string[]
  owner: string
}
const obj = (name: string, owner: string, hosts: string[] = []): Obj => ({ metadata: { name }, owner, hosts })
const names = (objs: readonly Obj[]) => objs.map((o) => o.metadata.name).sort()

function indexer(): Indexer<Obj> {
  const i = new Indexer<Obj>()
  i.addIndexer('byOwner', (o) => [o.owner])
  i.addIndexer('byHost', (o) => o.hosts)
  return i
}

describe('Indexer', () => {
  test('an update moves an object between index values and leaves no trace in the old bucket', () => {
    const i = indexer()
    i.put(obj('a', 'x', ['h1', 'h2']))
    i.put(obj('b', 'x', ['h2']))
    expect(names(i.byIndex('byOwner', 'x'))).toEqual(['a', 'b'])
    expect(names(i.byIndex('byHost', 'h2'))).toEqual(['a', 'b'])

    i.put(obj('a', 'y', ['h2', 'h3']))
    expect(names(i.byIndex('byOwner', 'x'))).toEqual(['b'])
    expect(names(i.byIndex('byOwner', 'y'))).toEqual(['a'])
    expect(names(i.byIndex('byHost', 'h1'))).toEqual([])
    expect(names(i.byIndex('byHost', 'h2'))).toEqual(['a', 'b'])
    expect(names(i.byIndex('byHost', 'h3'))).toEqual(['a'])
    // The bucket holds the new object, not the one replaced.
    expect(i.byIndex('byHost', 'h2').find((o) => o.metadata.name === 'a')?.owner).toBe('y')
  })

  test('delete takes the object out of every bucket; deleting an unknown name changes nothing', () => {
    const i = indexer()
    i.put(obj('a', 'x', ['h1']))
    i.put(obj('b', 'x', ['h1']))
    expect(i.remove('nope')).toBeUndefined()
    expect(names(i.byIndex('byHost', 'h1'))).toEqual(['a', 'b'])
    expect(i.remove('a')?.owner).toBe('x')
    expect(i.remove('a')).toBeUndefined()
    expect(names(i.byIndex('byOwner', 'x'))).toEqual(['b'])
    expect(names(i.byIndex('byHost', 'h1'))).toEqual(['b'])
    expect(i.get('a')).toBeUndefined()
    // A name put again after a delete is filed again.
    i.put(obj('a', 'z', ['h9']))
    expect(names(i.byIndex('byHost', 'h9'))).toEqual(['a'])
  })

  test('a value repeated by the index function files the object once', () => {
    const i = new Indexer<Obj>()
    i.addIndexer('byHost', (o) => o.hosts)
    i.put(obj('a', 'x', ['h1', 'h1', 'h1']))
    expect(i.byIndex('byHost', 'h1')).toHaveLength(1)
    i.put(obj('a', 'x', ['h1']))
    i.remove('a')
    expect(i.byIndex('byHost', 'h1')).toEqual([])
  })

  test('answers shared objects in a new array: changing the array changes no cache', () => {
    const i = indexer()
    const a = obj('a', 'x')
    i.put(a)
    const found = i.byIndex('byOwner', 'x')
    expect(found[0]).toBe(a)
    found.length = 0
    expect(i.byIndex('byOwner', 'x')).toEqual([a])
    i.list().length = 0
    expect(i.list()).toEqual([a])
  })

  test('an index added late files what is cached; a name is registered once; an unknown index throws', () => {
    const i = new Indexer<Obj>()
    i.put(obj('a', 'x'))
    i.addIndexer('byOwner', (o) => [o.owner])
    expect(names(i.byIndex('byOwner', 'x'))).toEqual(['a'])
    expect(() => i.addIndexer('byOwner', () => [])).toThrow(/already registered/)
    expect(() => i.byIndex('byowner', 'x')).toThrow(/no index "byowner"/)
  })

  test('an index function that throws leaves the cache and every index as they were', () => {
    const i = indexer()
    i.put(obj('a', 'x', ['h1']))
    i.addIndexer('picky', (o) => {
      if (o.owner === 'bad') throw new Error('cannot index')
      return [o.owner]
    })
    expect(() => i.put(obj('a', 'bad', ['h2']))).toThrow(/cannot index/)
    expect(i.get('a')?.owner).toBe('x')
    expect(names(i.byIndex('byHost', 'h1'))).toEqual(['a'])
    expect(names(i.byIndex('byHost', 'h2'))).toEqual([])
  })
})

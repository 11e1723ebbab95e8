import { describe, expect, it } from 'vitest'
import { folderNameForTeam } from '../../../src/main/engine/knowledge/teamFolder'
import { makeEntry, makeTempDir, openStore } from './fixtures'
import { readdir } from 'node:fs/promises'

describe('folderNameForTeam', () => {
  it('keeps a plain lower-case team name as it is', () => {
    expect(folderNameForTeam('cloud-support')).toBe('cloud-support')
  })

  it('gives names that differ only in case or punctuation different, safe folders', () => {
    const names = [
      'Cloud-Support',
      'cloud support',
      'cloud.support',
      '../cloud-support',
      'CON',
      'Équipe Réseau'
    ]
    const folders = names.map(folderNameForTeam)
    expect(new Set(folders.map((folder) => folder.toLowerCase())).size).toBe(names.length)
    for (const folder of folders) {
      expect(folder).toMatch(/^[a-z0-9][a-z0-9_-]*$/)
      expect(folder).not.toBe('cloud-support')
    }
  })
})

describe('team folders on disk', () => {
  it('stores the real team name inside the folder and finds it again after a reopen', async () => {
    const temp = await makeTempDir()
    try {
      const store = await openStore(temp.dir)
      await store.put(makeEntry({ id: 'a', team: '../Réseau/..' }))
      // A team whose folder name happens to equal another team's derived folder still gets its own folder.
      await store.put(makeEntry({ id: 'b', team: folderNameForTeam('../Réseau/..') }))
      await store.close()
      expect(await readdir(temp.dir)).toHaveLength(2)
      const reopened = await openStore(temp.dir)
      expect(reopened.problems()).toEqual([])
      expect(reopened.get('../Réseau/..', 'a')?.team).toBe('../Réseau/..')
      expect(reopened.get(folderNameForTeam('../Réseau/..'), 'b')).toBeDefined()
      await reopened.close()
    } finally {
      await temp.remove()
    }
  })
})

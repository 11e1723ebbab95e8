/**
 * The built-in demo must let a viewer watch Vigil learn: a root cause is resolved once, then the same cause comes
 * back later in other words. These checks keep the data set honest about that story, not just about its shape.
 */
import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { DemoSet, type DemoCase } from '../../src/main/engine/connectors/demoCase'

const demoUrl = new URL('../../resources/demo/cases.json', import.meta.url)
const demo = DemoSet.parse(JSON.parse(readFileSync(demoUrl, 'utf8')))
const cases = demo.cases

const MINUTE_MS = 60_000

function openedMs(demoCase: DemoCase): number {
  return Date.parse(demoCase.openedAt)
}

function resolvedMs(demoCase: DemoCase): number {
  return openedMs(demoCase) + demoCase.resolvedAfterMinutes * MINUTE_MS
}

function casesByRootCause(): Map<string, DemoCase[]> {
  const groups = new Map<string, DemoCase[]>()
  for (const demoCase of cases) {
    const group = groups.get(demoCase.rootCause) ?? []
    group.push(demoCase)
    groups.set(demoCase.rootCause, group)
  }
  return groups
}

function sharedRootCauses(): [string, DemoCase[]][] {
  return [...casesByRootCause()].filter(([, group]) => group.length > 1)
}

/** Each element paired with the one after it, in order. */
function adjacentPairs<T>(items: readonly T[]): [T, T][] {
  return items.slice(1).map((item, index) => [items[index] as T, item])
}

function firstCustomerText(demoCase: DemoCase): string {
  const first = demoCase.messages.find((message) => message.role === 'customer')
  if (!first) throw new Error(`${demoCase.id} has no customer message`)
  return first.text
}

describe('built-in demo cases', () => {
  it('holds enough cases to show learning', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25)
  })

  it('gives every case a unique id', () => {
    const ids = cases.map((demoCase) => demoCase.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('orders cases by the time they opened', () => {
    for (const [earlier, later] of adjacentPairs(cases)) {
      expect(openedMs(later), later.id).toBeGreaterThanOrEqual(openedMs(earlier))
    }
  })

  it('keeps message offsets in order and resolves each case after its last message', () => {
    for (const demoCase of cases) {
      const offsets = demoCase.messages.map((message) => message.offsetMinutes)
      expect(offsets, demoCase.id).toEqual([...offsets].sort((a, b) => a - b))
      expect(demoCase.resolvedAfterMinutes, demoCase.id).toBeGreaterThan(Math.max(...offsets))
    }
  })

  it('has both a customer and an analyst speaking in every case', () => {
    for (const demoCase of cases) {
      const roles = new Set(demoCase.messages.map((message) => message.role))
      expect(roles.has('customer'), demoCase.id).toBe(true)
      expect(roles.has('analyst'), demoCase.id).toBe(true)
    }
  })

  it('repeats at least five root causes three or more times', () => {
    const recurring = [...casesByRootCause().values()].filter((group) => group.length >= 3)
    expect(recurring.length).toBeGreaterThanOrEqual(5)
  })

  it('resolves each case of a shared root cause before the next one with that cause opens', () => {
    for (const [rootCause, group] of sharedRootCauses()) {
      for (const [earlier, later] of adjacentPairs(group)) {
        expect(resolvedMs(earlier), `${rootCause}: ${earlier.id} before ${later.id}`).toBeLessThan(
          openedMs(later)
        )
      }
    }
  })

  it('words the opening customer message differently within a root cause', () => {
    for (const [rootCause, group] of sharedRootCauses()) {
      const openings = group.map(firstCustomerText)
      expect(new Set(openings).size, rootCause).toBe(openings.length)
    }
  })

  it('uses only reserved example domains for e-mail addresses', () => {
    const emailPattern = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g
    const reservedDomain = /(^|\.)example\.(com|org|net)$/i
    let seen = 0
    for (const demoCase of cases) {
      for (const message of demoCase.messages) {
        for (const match of message.text.matchAll(emailPattern)) {
          seen++
          expect(match[1], `${demoCase.id}: ${match[0]}`).toMatch(reservedDomain)
        }
      }
    }
    // Guards the check itself: the demo does contain addresses, so a broken pattern would show up here.
    expect(seen).toBeGreaterThan(0)
  })
})

import { describe, expect, it } from 'vitest'
import { ModelTrustMonitor } from '../../../src/main/engine/trust/modelTrustMonitor'

function monitor() {
  const reasons: string[] = []
  return { reasons, monitor: new ModelTrustMonitor((reason) => reasons.push(reason)) }
}

describe('ModelTrustMonitor', () => {
  it('reports a model whose verdicts keep contradicting strong evidence, once', () => {
    const { monitor: watch, reasons } = monitor()
    for (let i = 0; i < 4; i++) watch.record('scope', true)
    expect(reasons).toEqual([])
    watch.record('scope', true)
    expect(reasons).toEqual([
      'The model said no help was needed on customer questions that the knowledge base answers confidently (5 of the last 5 times).'
    ])
    for (let i = 0; i < 10; i++) watch.record('extract', true)
    expect(reasons).toHaveLength(1)
  })

  it('leaves a model that mostly agrees with the evidence alone', () => {
    const { monitor: watch, reasons } = monitor()
    for (let i = 0; i < 30; i++) watch.record('answer', i % 3 === 0)
    expect(reasons).toEqual([])
  })

  it('judges each kind of verdict on its own evidence, the newest only', () => {
    const { monitor: watch, reasons } = monitor()
    for (let i = 0; i < 6; i++) watch.record('answer', false)
    for (let i = 0; i < 3; i++) watch.record('answer', true)
    watch.record('extract', true)
    expect(reasons).toEqual([])
    for (let i = 0; i < 2; i++) watch.record('answer', true)
    expect(reasons[0]).toContain(
      'no entry answers the case on strong knowledge matches (5 of the last 6 times)'
    )
  })

  it('starts over after a reset (a new model)', () => {
    const { monitor: watch, reasons } = monitor()
    for (let i = 0; i < 5; i++) watch.record('extract', true)
    watch.reset()
    for (let i = 0; i < 4; i++) watch.record('extract', true)
    expect(reasons).toHaveLength(1)
    watch.record('extract', true)
    expect(reasons).toHaveLength(2)
  })
})

import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { toGrammarSchema } from '../../../../src/main/engine/llm/local/grammarSchema'
import { LlamaProvider } from '../../../../src/main/engine/llm/local/llamaProvider'

const convert = (schema: z.ZodType): Record<string, unknown> =>
  toGrammarSchema(z.toJSONSchema(schema) as Record<string, unknown>) as Record<string, unknown>

/** Every keyword node-llama-cpp's JSON-schema grammar reads; anything else would be ignored or misread. */
const supported = new Set([
  'type',
  'properties',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'oneOf',
  'minLength',
  'maxLength',
  'format',
  'description',
  '$ref',
  '$defs'
])

function unsupportedKeys(node: unknown, path = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => unsupportedKeys(item, `${path}/${i}`))
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node).flatMap(([key, value]) => {
    // Property names and definition names are data, not keywords.
    const childPaths = key === 'properties' || key === '$defs' ? Object.entries(value as object) : null
    if (childPaths)
      return childPaths.flatMap(([name, child]) => unsupportedKeys(child, `${path}/${key}/${name}`))
    if (key === 'enum' || key === 'const') return []
    return [...(supported.has(key) ? [] : [`${path}/${key}`]), ...unsupportedKeys(value, `${path}/${key}`)]
  })
}

/** The shapes the pipeline's stages use (scope, rewrite, answerability, next steps, case summary), and more. */
const shapes = {
  enumsAndBooleans: z.object({
    needsHelp: z.boolean(),
    kind: z.enum(['question', 'problem', 'error', 'follow-up', 'chatter', 'other']),
    reason: z.string().max(300)
  }),
  arraysWithMaxItems: z.object({
    query: z.string().min(1).max(300),
    subQueries: z.array(z.string().min(1).max(200)).max(3)
  }),
  boundedNumbers: z.object({
    confidence: z.number().min(0).max(1),
    priority: z.number().int().min(1).max(5),
    count: z.number().int().nonnegative()
  }),
  nestedAndOptional: z.object({
    summary: z.object({ known: z.array(z.string().max(200)).max(6), pending: z.string().optional() }),
    owner: z.string().nullable(),
    language: z.literal('en').default('en')
  }),
  stringsWithFormats: z.object({
    email: z.email(),
    id: z.uuid(),
    at: z.iso.datetime(),
    code: z.string().regex(/^E\d+$/)
  }),
  recordsTuplesIntersections: z.object({
    counts: z.record(z.string(), z.number()),
    pair: z.tuple([z.string(), z.number()]),
    both: z.intersection(z.object({ a: z.string() }), z.object({ b: z.number() })),
    anything: z.unknown()
  })
}

describe('toGrammarSchema', () => {
  it.each(Object.entries(shapes))('keeps only keywords the grammar reads (%s)', (_name, schema) => {
    expect(unsupportedKeys(convert(schema))).toEqual([])
  })

  it('turns bounded numbers into the values a grammar can list', () => {
    const { properties } = convert(shapes.boundedNumbers) as {
      properties: Record<string, { enum?: number[] }>
    }
    expect(properties.priority).toEqual({ enum: [1, 2, 3, 4, 5] })
    expect(properties.confidence!.enum).toHaveLength(101)
    expect(properties.confidence!.enum).toEqual(expect.arrayContaining([0, 0.07, 0.3, 1]))
    expect(properties.count).toEqual({ type: 'integer' })
    expect(convert(z.number().positive().max(1))).toMatchObject({ enum: expect.not.arrayContaining([0]) })
  })

  it('turns unions and nullable fields into alternatives instead of null', () => {
    expect(convert(z.string().nullable())).toEqual({ oneOf: [{ type: 'string' }, { type: 'null' }] })
    expect(convert(z.union([z.string(), z.number()]))).toEqual({
      oneOf: [{ type: 'string' }, { type: 'number' }]
    })
  })

  it('merges intersected objects and reads an unknown value as any JSON', () => {
    const { properties } = convert(shapes.recordsTuplesIntersections) as {
      properties: Record<string, Record<string, unknown>>
    }
    expect(properties.both).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } }
    })
    expect(properties.anything!.oneOf).toHaveLength(3)
    expect(properties.counts).toEqual({ type: 'object', additionalProperties: { type: 'number' } })
  })

  it('keeps string lengths and grammar formats, drops patterns and other formats', () => {
    const { properties } = convert(shapes.stringsWithFormats) as { properties: Record<string, unknown> }
    expect(properties).toEqual({
      email: { type: 'string' },
      id: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      code: { type: 'string' }
    })
    expect(convert(z.string().min(1).max(20))).toEqual({ type: 'string', minLength: 1, maxLength: 20 })
  })

  it('keeps references into $defs', () => {
    const Step = z.object({ text: z.string() }).meta({ id: 'Step' })
    const converted = convert(z.object({ first: Step, second: Step }))
    expect(converted.$defs).toEqual({ Step: { type: 'object', properties: { text: { type: 'string' } } } })
    expect(converted.properties).toEqual({
      first: { $ref: '#/$defs/Step' },
      second: { $ref: '#/$defs/Step' }
    })
  })
})

describe('grammars from converted schemas (llama.cpp binary, no model)', () => {
  const provider = new LlamaProvider({ gpu: 'off' })
  afterAll(() => provider.dispose())

  const valid: Record<keyof typeof shapes, unknown> = {
    enumsAndBooleans: { needsHelp: true, kind: 'follow-up', reason: 'asks again' },
    arraysWithMaxItems: { query: 'vpn down', subQueries: ['vpn', 'dns'] },
    boundedNumbers: { confidence: 0.25, priority: 3, count: 12 },
    nestedAndOptional: { summary: { known: ['a'], pending: 'b' }, owner: null, language: 'en' },
    stringsWithFormats: {
      email: 'a@b.io',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      at: '2026-01-02T03:04:05Z',
      code: 'E42'
    },
    recordsTuplesIntersections: {
      counts: { x: 1 },
      pair: ['a', 1],
      both: { a: 'x', b: 2 },
      anything: [1, 'x']
    }
  }

  it.each(Object.entries(shapes))('builds a grammar that accepts a valid %s value', async (name, schema) => {
    const llama = await provider.getLlama()
    const value = valid[name as keyof typeof shapes]
    expect(schema.safeParse(value).success).toBe(true)
    const grammar = await llama.createGrammarForJsonSchema(convert(schema) as never)
    expect(grammar.parse(JSON.stringify(value))).toEqual(value)
  })
})

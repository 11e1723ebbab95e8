/**
 * node-llama-cpp builds its GBNF grammar from a subset of JSON Schema, and reads anything it does not know as
 * `null` (a schema without a type) or ignores it. This turns what `z.toJSONSchema` writes into that subset, keeping
 * every constraint the grammar can enforce; the runtime still validates the output against the full zod schema.
 *
 * - Kept: type, properties, additionalProperties, min/maxProperties, items, prefixItems, min/maxItems, enum, const,
 *   min/maxLength, format date-time | date | time, description, and `$ref` into `$defs` (`definitions` too).
 * - `anyOf` (zod's unions and `.nullable()`) becomes `oneOf`: the grammar only needs the alternatives.
 * - `allOf` (zod's intersections) of objects is merged into one object.
 * - Numeric bounds, which a grammar cannot state: an integer range of at most 101 values becomes an enum of those
 *   integers; a bounded non-integer range becomes 101 evenly spaced values (a 0..1 confidence in steps of 0.01).
 *   Other bounds are dropped and left to validation.
 * - `{}` (zod's `unknown`) and references outside `$defs` become "any JSON value".
 * - Dropped: `$schema`, `$id`, title, default, examples, pattern, other formats, multipleOf, uniqueItems,
 *   propertyNames, not, if/then/else, and anything else not listed above.
 *
 * node-llama-cpp writes every declared property, so optional fields are always generated (still valid output).
 */
import type { GbnfJsonSchema } from 'node-llama-cpp'

type JsonSchema = Record<string, unknown>

const anyJson: JsonSchema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'array' },
    { type: 'object', additionalProperties: true }
  ]
}
const grammarFormats = new Set(['date-time', 'date', 'time'])
/** Values a bounded number is narrowed to; also the most integers a range may hold to become an enum. */
const rangeSteps = 100

export function toGrammarSchema(schema: JsonSchema): GbnfJsonSchema {
  return convert(schema) as GbnfJsonSchema
}

function convert(node: unknown): JsonSchema {
  if (!isRecord(node)) return anyJson
  const out: JsonSchema = {}
  if (typeof node.description === 'string') out.description = node.description
  const defs = node.$defs ?? node.definitions
  if (isRecord(defs)) out.$defs = mapValues(defs, convert)

  if (typeof node.$ref === 'string') {
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref)?.[1]
    return name ? { ...out, $ref: `#/$defs/${name}` } : { ...anyJson, ...out }
  }
  const alternatives = node.anyOf ?? node.oneOf
  if (Array.isArray(alternatives)) return { ...out, oneOf: alternatives.map(convert) }
  if (Array.isArray(node.allOf)) {
    const members = node.allOf.filter(isRecord)
    // Only objects merge meaningfully; for anything else the first member is the best a grammar can do.
    const merged = members.every((member) => member.type === 'object') ? mergeObjects(members) : members[0]
    return { ...convert(merged), ...out }
  }
  if ('const' in node) return { ...out, const: node.const }
  if (Array.isArray(node.enum)) return { ...out, enum: node.enum }

  switch (node.type) {
    case 'object':
      return {
        ...out,
        type: 'object',
        ...(isRecord(node.properties) && { properties: mapValues(node.properties, convert) }),
        ...(isRecord(node.additionalProperties) && {
          additionalProperties: convert(node.additionalProperties)
        }),
        ...(node.additionalProperties === true && { additionalProperties: true }),
        ...pickNumbers(node, ['minProperties', 'maxProperties'])
      }
    case 'array':
      return {
        ...out,
        type: 'array',
        ...(isRecord(node.items) && { items: convert(node.items) }),
        ...(Array.isArray(node.prefixItems) && { prefixItems: node.prefixItems.map(convert) }),
        ...pickNumbers(node, ['minItems', 'maxItems'])
      }
    case 'string':
      if (typeof node.format === 'string' && grammarFormats.has(node.format))
        return { ...out, type: 'string', format: node.format }
      return { ...out, type: 'string', ...pickNumbers(node, ['minLength', 'maxLength']) }
    case 'number':
    case 'integer': {
      const values = boundedValues(node, node.type === 'integer')
      return values ? { ...out, enum: values } : { ...out, type: node.type }
    }
  }
  if (typeof node.type === 'string' || Array.isArray(node.type)) return { ...out, type: node.type }
  return { ...anyJson, ...out }
}

/** The values a bounded number may take, or undefined when the range is open or too wide to list. */
function boundedValues(node: JsonSchema, integer: boolean): number[] | undefined {
  const [min, max, above, below] = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].map(
    (key) => (typeof node[key] === 'number' && Number.isFinite(node[key]) ? (node[key] as number) : undefined)
  )
  const lower = min ?? above
  const upper = max ?? below
  if (lower === undefined || upper === undefined || upper < lower) return undefined
  let values: number[]
  if (integer) {
    const from = Math.ceil(lower)
    const count = Math.floor(upper) - from + 1
    if (count > rangeSteps + 1) return undefined
    values = Array.from({ length: count }, (_, i) => from + i)
  } else {
    const step = (upper - lower) / rangeSteps
    values = Array.from({ length: rangeSteps + 1 }, (_, i) => Number((lower + step * i).toPrecision(12)))
  }
  const inRange = values.filter(
    (v) =>
      (min === undefined || v >= min) &&
      (max === undefined || v <= max) &&
      (above === undefined || v > above) &&
      (below === undefined || v < below)
  )
  const distinct = [...new Set(inRange)]
  return distinct.length > 0 ? distinct : undefined
}

/** One object schema from the members of an `allOf`: properties and required keys joined. */
function mergeObjects(members: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { type: 'object', properties: {}, required: [] }
  for (const member of members) {
    Object.assign(merged.properties as JsonSchema, isRecord(member.properties) ? member.properties : {})
    if (Array.isArray(member.required)) (merged.required as unknown[]).push(...member.required)
  }
  return merged
}

function pickNumbers(node: JsonSchema, keys: string[]): JsonSchema {
  return Object.fromEntries(
    keys.filter((key) => typeof node[key] === 'number').map((key) => [key, node[key]])
  )
}

function mapValues(record: JsonSchema, map: (value: unknown) => JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]))
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A customer who quotes a vague status with its error name ("400 {"error":"invalid_cursor"}") has that error, not any
 * 400: an entry that shares only the vague status and never names the error is about another failure.
 */
import { describe, expect, it } from 'vitest'
import { errorCodesIn } from '../../../src/main/engine/learning/subjects'
import { errorNamesIn } from '../../../src/main/engine/pipeline/errorNames'
import { answerability } from '../../../src/main/engine/pipeline/pipeline'
import type { RetrievedEntry } from '../../../src/main/engine/retrieval/retriever'
import { stem } from '../../../src/main/engine/text/tokenize'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { entry, pipelineSettings } from '../../helpers/knowledgeFixtures'

const webhook = entry({
  id: 'kb-webhook',
  title: 'Webhook signature invalid',
  problem:
    'Our endpoint rejects every event: before 14:20 the deliveries returned HTTP 200, after that HTTP 400.',
  resolution: ['Copy the new signing secret from Settings > Webhooks.', 'Update it in your receiver.'],
  sourceTicketIds: ['A', 'B'],
  observations: 2
})

const PAGINATION =
  'GET /v2/events fails with 400 {"error":"invalid_cursor","message":"The cursor is invalid or has expired"}.'

const matched = (item: KnowledgeEntry): RetrievedEntry => ({
  entry: item,
  similarity: 0.15,
  rank: 0.15,
  share: 0,
  teamCases: 10,
  problemTerms: ['event', 'invalid', 'request'].map(stem)
})

const codesOf = (text: string): string[] => [...errorCodesIn(text), ...errorNamesIn(text)]

describe('an error name quoted with a vague status', () => {
  it('is found in quotes, as APIs write it', () => {
    expect(errorNamesIn(PAGINATION)).toEqual(['invalid_cursor'])
    expect(errorNamesIn('the next_cursor field, "message" and "error"')).toEqual([])
  })

  it('keeps an entry that shares only the vague status and never names the error off the ticket', () => {
    expect(answerability(matched(webhook), pipelineSettings(), codesOf(PAGINATION))).toBeNull()
  })

  it('leaves the same entry answerable when the customer names no error, or the entry names theirs', () => {
    expect(answerability(matched(webhook), pipelineSettings(), codesOf('Deliveries fail with 400.'))).toBe(
      'confirmed match'
    )
    const cursor = { ...webhook, problem: `${webhook.problem} The API says invalid_cursor.` }
    expect(answerability(matched(cursor), pipelineSettings(), codesOf(PAGINATION))).toBe('confirmed match')
  })
})

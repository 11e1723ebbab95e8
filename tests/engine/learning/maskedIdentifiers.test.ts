import { describe, expect, it } from 'vitest'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { conversation, message } from '../../helpers/knowledgeFixtures'

describe("the customer's resource names are generalised even when the scrubber masked part of them", () => {
  it('says "your role" for the role ARN whose account id was scrubbed', () => {
    const state = conversation('T-s3')
    message(
      state,
      'customer',
      'Test connection fails with AccessDenied. Bucket backups, role arn:aws:iam::123456789012:role/NimbusStorageAccess.',
      0
    )
    message(
      state,
      'analyst',
      'In the KMS console open your key > Key policy and add a statement allowing ' +
        'arn:aws:iam::123456789012:role/NimbusStorageAccess the actions kms:GenerateDataKey and kms:Decrypt.',
      4
    )
    state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
    const steps = extractCase(state)!.resolution.join('\n')
    expect(steps).toContain(
      'add a statement allowing your role the actions kms:GenerateDataKey and kms:Decrypt.'
    )
    expect(steps).not.toMatch(/arn:aws|\[id\]/)
  })
})

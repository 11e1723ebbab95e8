import { describe, expect, it } from 'vitest'
import { modelFileDialogOptions, pickedModelFile } from '../../src/main/shell/policy/modelFileDialog'

describe('model file dialog', () => {
  it('offers GGUF files first, one file at a time', () => {
    expect(modelFileDialogOptions.filters[0]).toEqual({ name: 'GGUF models', extensions: ['gguf'] })
    expect(modelFileDialogOptions.properties).toContain('openFile')
    expect(modelFileDialogOptions.properties).not.toContain('multiSelections')
  })

  it('hands back the chosen path, or null when the analyst cancels', () => {
    expect(pickedModelFile({ canceled: false, filePaths: ['/models/qwen.gguf'] })).toBe('/models/qwen.gguf')
    expect(pickedModelFile({ canceled: true, filePaths: ['/models/qwen.gguf'] })).toBeNull()
    expect(pickedModelFile({ canceled: false, filePaths: [] })).toBeNull()
  })
})

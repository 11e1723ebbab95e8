/** A CommandIo that keeps what a CLI command writes, for tests to read back. */
export function captureIo() {
  const out: string[] = []
  const err: string[] = []
  return {
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) }
    },
    stdout: () => out.join(''),
    stderr: () => err.join('')
  }
}

/** Where a command writes; tests pass their own. */
export interface CommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

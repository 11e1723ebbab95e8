/**
 * A customer's words shown inside quotation marks (`<q>`, which adds “ ”): their own double quotes become single
 * ones (‘ ’), as a quote within a quote is written, so a subject ending in a quoted error does not end in `"”`.
 */
export function quotedText(text: string): string {
  let open = true
  return text.replace(/["“”]/g, (mark) => {
    const single = mark === '“' ? '‘' : mark === '”' ? '’' : open ? '‘' : '’'
    open = single === '’'
    return single
  })
}

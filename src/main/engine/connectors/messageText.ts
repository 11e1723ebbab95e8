/**
 * Message bodies as the engine wants them: plain text of bounded size. HTML is reduced to its text (blocks become
 * lines, scripts and styles vanish, entities are decoded), attachments become one line each (never downloaded),
 * and anything longer than the cap is cut with a note saying how much was left out.
 */

/** Longest message text handed to the engine. The domain allows 100 000; 20 000 keeps memory and retrieval sane. */
export const maxMessageChars = 20_000
/** HTML past this size is cut before conversion, so a pathological page costs bounded time. */
const maxHtmlChars = 1_000_000

export interface AttachmentInfo {
  name: string
  contentType?: string | null
  size?: number | null
}

export interface MessageBody {
  text: string
  truncated: boolean
}

/** The text of a message body, with one line per attachment, capped at `limit` characters. */
export function messageBody(
  body: string,
  format: 'html' | 'text',
  attachments: readonly AttachmentInfo[] = [],
  limit = maxMessageChars
): MessageBody {
  const text = format === 'html' ? htmlToText(body) : cleanText(body)
  const notes = attachments.map(attachmentLine)
  return capText([text, ...notes].filter((part) => part !== '').join('\n'), limit)
}

export function capText(text: string, limit = maxMessageChars): MessageBody {
  if (text.length <= limit) return { text, truncated: false }
  const note = `\n[… ${text.length - limit} more characters not shown]`
  return { text: text.slice(0, limit) + note, truncated: true }
}

export function attachmentLine(attachment: AttachmentInfo): string {
  const details = [attachment.contentType, attachment.size ? formatSize(attachment.size) : null].filter(
    Boolean
  )
  return `[attachment: ${attachment.name || 'unnamed'}${details.length ? ` (${details.join(', ')})` : ''}]`
}

/**
 * Paragraph-like blocks are set apart by a blank line, other blocks (divs, rows, list items) by a line break; while
 * tags are removed, block boundaries are marked with these private-use characters (stripped from the input first).
 */
const PARAGRAPH = '\uE002'
const LINE = '\uE001'

export function htmlToText(html: string): string {
  let text = (html.length > maxHtmlChars ? html.slice(0, maxHtmlChars) : html).replace(/[\uE001\uE002]/g, '')
  text = text.replace(/<!--[\s\S]*?(?:-->|$)/g, '')
  for (const tag of ['script', 'style', 'head', 'title', 'noscript']) text = dropElement(text, tag)
  text = text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, `${LINE}- `)
    .replace(/<\/?(?:p|h[1-6]|blockquote|pre|table|ul|ol|hr)\b[^>]*>/gi, PARAGRAPH)
    .replace(/<\/?(?:div|tr|li|section|article|header|footer)\b[^>]*>/gi, LINE)
    .replace(/<(?:td|th)\b[^>]*>/gi, ' ')
    .replace(/<img\b[^>]*?\balt\s*=\s*"([^"]*)"[^>]*>/gi, (_, alt: string) => (alt ? `[image: ${alt}]` : ''))
    .replace(/<[^>]*>/g, '')
    .replace(/[ \t]*[\uE001\uE002][\uE001\uE002 \t]*/g, (run) => (run.includes(PARAGRAPH) ? '\n\n' : '\n'))
  return cleanText(decodeEntities(text))
}

/** Control characters out, spaces collapsed, at most one blank line in a row. */
export function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/[ \t\u00a0]+/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  )
}

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  bull: '•'
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (match, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1))
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    }
    return namedEntities[entity.toLowerCase()] ?? match
  })
}

/** Removes `<tag ...>...</tag>` by scanning, not by a backtracking pattern; an unclosed element runs to the end. */
function dropElement(html: string, tag: string): string {
  const lower = html.toLowerCase()
  let out = ''
  let from = 0
  for (;;) {
    const start = lower.indexOf(`<${tag}`, from)
    if (start < 0) return out + html.slice(from)
    const next = lower.charAt(start + tag.length + 1)
    if (next !== '>' && next !== ' ' && next !== '\n' && next !== '\t' && next !== '/') {
      out += html.slice(from, start + 1)
      from = start + 1
      continue
    }
    out += html.slice(from, start)
    const end = lower.indexOf(`</${tag}`, start)
    if (end < 0) return out
    const close = lower.indexOf('>', end)
    from = close < 0 ? html.length : close + 1
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

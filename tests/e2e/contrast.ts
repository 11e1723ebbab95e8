/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Parts of this file run inside the browser page (page.evaluate), so they are typed against the DOM.
/**
 * WCAG 2 contrast of every visible text on a page, measured in the browser from computed styles. Runs inside the page
 * through `page.evaluate`, so `findContrastOffenders` must stay self-contained (no imports, no outer names).
 */
import type { Page } from 'playwright-core'

export interface ContrastOffender {
  text: string
  where: string
  color: string
  background: string
  ratio: number
  required: number
}

/**
 * Texts below 4.5:1 (3:1 for large text: 24 px, or 18.66 px bold) against their effective background: the first
 * opaque background up the ancestors with any translucent ones composited over it, and the opacity of every ancestor
 * applied (a faded card fades its text). Disabled controls are exempt, as WCAG exempts inactive components.
 */
function findContrastOffenders(): { checked: number; offenders: ContrastOffender[] } {
  type Rgba = [number, number, number, number]
  const parse = (value: string): Rgba | null => {
    const match = /rgba?\(([^)]+)\)/.exec(value)
    if (!match?.[1]) return null
    const [r = 0, g = 0, b = 0, a = 1] = match[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number)
    return [r, g, b, a]
  }
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3]
    const mix = (i: 0 | 1 | 2): number => top[i] * a + below[i] * (1 - a)
    return [mix(0), mix(1), mix(2), 1]
  }
  const luminance = (c: Rgba): number => {
    const channel = (v: number): number => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
  }
  const ratioOf = (a: Rgba, b: Rgba): number => {
    const [la, lb] = [luminance(a), luminance(b)]
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
  }
  const opacityFrom = (element: Element | null): number => {
    let product = 1
    for (let node = element; node; node = node.parentElement)
      product *= Number(getComputedStyle(node).opacity)
    return product
  }
  const describe = (element: Element): string => {
    const parts: string[] = []
    for (let node: Element | null = element; node && parts.length < 3; node = node.parentElement) {
      const classes = [...node.classList].filter((name) => !name.startsWith('data-v-')).slice(0, 2)
      const testId = node.getAttribute('data-testid')
      parts.unshift(
        node.tagName.toLowerCase() + (testId ? `[${testId}]` : '') + classes.map((c) => `.${c}`).join('')
      )
    }
    return parts.join(' > ')
  }
  const valueControls = new Set(['INPUT', 'TEXTAREA', 'SELECT'])
  const noTextInputs = new Set(['checkbox', 'radio', 'range', 'color', 'hidden', 'file'])
  const ownText = (element: Element): string => {
    if (valueControls.has(element.tagName)) {
      const control = element as HTMLInputElement
      if (element.tagName === 'INPUT' && noTextInputs.has(control.type)) return ''
      if (element.tagName === 'SELECT') return (element as HTMLSelectElement).selectedOptions[0]?.text ?? ''
      return control.value
    }
    return [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim()
  }

  const offenders: ContrastOffender[] = []
  let checked = 0
  for (const element of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'NOSCRIPT'].includes(element.tagName)) continue
    const text = ownText(element).replace(/\s+/g, ' ').trim()
    if (!text) continue
    if (element.matches(':disabled') || element.closest('[aria-disabled="true"]')) continue
    const style = getComputedStyle(element)
    const box = element.getBoundingClientRect()
    // Hidden, or clipped to a pixel for screen readers only: nobody reads its colours.
    if (style.visibility !== 'visible' || box.width <= 1 || box.height <= 1) continue
    if (element.checkVisibility && !element.checkVisibility()) continue

    let background: Rgba = [255, 255, 255, 1]
    const layers: Rgba[] = []
    for (let node: Element | null = element; node; node = node.parentElement) {
      const color = parse(getComputedStyle(node).backgroundColor)
      if (!color || color[3] === 0) continue
      const faded: Rgba = [color[0], color[1], color[2], color[3] * opacityFrom(node)]
      layers.push(faded)
      if (faded[3] >= 1) break
    }
    for (const layer of layers.reverse()) background = over(layer, background)
    const foreground = parse(style.color)
    if (!foreground) continue
    const text_ = over(
      [foreground[0], foreground[1], foreground[2], foreground[3] * opacityFrom(element)],
      background
    )
    const size = parseFloat(style.fontSize)
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
    const required = large ? 3 : 4.5
    checked += 1
    const ratio = ratioOf(text_, background)
    if (ratio < required) {
      offenders.push({
        text: text.slice(0, 60),
        where: describe(element),
        color: `rgb(${text_.slice(0, 3).map(Math.round).join(',')})`,
        background: `rgb(${background.slice(0, 3).map(Math.round).join(',')})`,
        ratio: Math.round(ratio * 100) / 100,
        required
      })
    }
  }
  return { checked, offenders }
}

/**
 * How many texts were measured, and the offenders, one readable line each ("2.1:1 < 4.5 \"text\" rgb() on rgb() at
 * a > b"). A count of zero means the check saw nothing, which the caller must treat as a failure.
 */
export async function contrastOffenders(page: Page): Promise<{ checked: number; offenders: string[] }> {
  const { checked, offenders } = await page.evaluate(findContrastOffenders)
  // Rows of a list share their styles: one line per distinct pair and place, with how often it occurs.
  const lines = new Map<string, number>()
  for (const o of offenders) {
    const line = `${o.ratio}:1 < ${o.required} "${o.text}" ${o.color} on ${o.background} at ${o.where}`
    const key = line.replace(/"[^"]*"/, '')
    if (![...lines.keys()].some((known) => known.replace(/"[^"]*"/, '') === key)) lines.set(line, 1)
  }
  return { checked, offenders: [...lines.keys()] }
}

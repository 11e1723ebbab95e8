/**
 * A colour of the current theme (theme.css), for what CSS cannot reach: a chart draws on a canvas with colours
 * given to it in script.
 */
export function themeColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim() || 'gray'
}

/**
 * Precision against coverage as a self-contained SVG: each system's threshold sweep (see `coverage.ts`), so that
 * systems speaking on different numbers of cases can be compared at equal coverage.
 */
import type { CoveragePoint } from './coverage'

export interface CoverageSeries {
  name: string
  color: string
  /** Drawn dashed: the any-citation (top-3) variants. */
  dashed?: boolean
  points: CoveragePoint[]
}

const WIDTH = 720
const HEIGHT = 400
const MARGIN = { left: 56, right: 200, top: 36, bottom: 48 }

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function coverageChartSvg(title: string, series: readonly CoverageSeries[]): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const maxCoverage = Math.min(
    1,
    Math.max(0.1, ...series.flatMap((line) => line.points.map((p) => p.coverage)))
  )
  const x = (coverage: number): number => MARGIN.left + (coverage / maxCoverage) * plotWidth
  const y = (precision: number): number => MARGIN.top + (1 - precision) * plotHeight
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`
  ]
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick.toFixed(2)}</text>`,
      `<text x="${x(tick * maxCoverage)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${(tick * maxCoverage).toFixed(2)}</text>`
    )
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">coverage (share of cases with a card), threshold lowered to the right</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">precision</text>`
  )
  series.forEach((line, index) => {
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : ''
    const points = line.points.map((p) => `${x(p.coverage).toFixed(1)},${y(p.precision).toFixed(1)}`)
    parts.push(
      `<polyline fill="none" stroke="${line.color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`
    )
    const legendY = MARGIN.top + 14 + index * 18
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 16}" x2="${WIDTH - MARGIN.right + 36}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${line.color}" stroke-width="2"${dash}/>`,
      `<text x="${WIDTH - MARGIN.right + 42}" y="${legendY}">${escape(line.name)}</text>`
    )
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

/** Several SVG charts stacked top to bottom in one file. */
export function stackSvgs(charts: readonly string[]): string {
  const sizes = charts.map((chart) => ({
    width: Number(/width="(\d+)"/.exec(chart)?.[1] ?? 0),
    height: Number(/height="(\d+)"/.exec(chart)?.[1] ?? 0)
  }))
  const width = Math.max(...sizes.map((size) => size.width))
  const height = sizes.reduce((sum, size) => sum + size.height, 0)
  let top = 0
  const placed = charts.map((chart, index) => {
    const moved = chart.replace('<svg ', `<svg x="0" y="${top}" `)
    top += sizes[index]!.height
    return moved.trimEnd()
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${placed.join('\n')}\n</svg>\n`
}

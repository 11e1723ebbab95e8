/** The learning curve as a self-contained SVG: hit rate per block of cases, Vigil against the baselines. */

export interface CurveSeries {
  name: string
  color: string
  values: number[]
}

const WIDTH = 720
const HEIGHT = 360
const MARGIN = { left: 56, right: 160, top: 36, bottom: 48 }

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function learningCurveSvg(title: string, series: readonly CurveSeries[], blockSize: number): string {
  const blocks = Math.max(1, ...series.map((line) => line.values.length))
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const x = (block: number): number =>
    MARGIN.left + (blocks === 1 ? plotWidth / 2 : (block / (blocks - 1)) * plotWidth)
  const y = (value: number): number => MARGIN.top + (1 - value) * plotHeight
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`
  ]
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick.toFixed(2)}</text>`
    )
  }
  for (let block = 0; block < blocks; block++) {
    parts.push(
      `<text x="${x(block)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${block * blockSize + 1}</text>`
    )
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">first case of each block of ${blockSize} (time order)</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">hit rate</text>`
  )
  series.forEach((line, index) => {
    const points = line.values
      .map((value, block) => `${x(block).toFixed(1)},${y(value).toFixed(1)}`)
      .join(' ')
    parts.push(`<polyline fill="none" stroke="${line.color}" stroke-width="2" points="${points}"/>`)
    for (const [block, value] of line.values.entries()) {
      parts.push(
        `<circle cx="${x(block).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="${line.color}"/>`
      )
    }
    const legendY = MARGIN.top + 14 + index * 18
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 16}" x2="${WIDTH - MARGIN.right + 36}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${line.color}" stroke-width="2"/>`,
      `<text x="${WIDTH - MARGIN.right + 42}" y="${legendY}">${escape(line.name)}</text>`
    )
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

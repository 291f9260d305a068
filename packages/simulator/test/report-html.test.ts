import { describe, expect, it } from 'vitest'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { floodStack, parseScenario, renderHtmlReport, simulate } from '../src/index.js'

describe('renderHtmlReport', () => {
  it('draws every node and link in inline SVG, escapes text and needs no network', async () => {
    const scenario = parseScenario({
      name: 'report <&> "test"',
      seed: 2,
      durationS: 12,
      area: { widthM: 30, heightM: 30 },
      nodes: { count: 9, placement: 'grid' },
      radio: { ble: { rangeM: 15 } },
      traffic: { publicMessagesPerSecond: 2, startS: 3, quietS: 3 },
    })
    const { metrics, report } = await simulate(scenario, { stack: floodStack(), crypto: nodeCryptoProvider })
    const html = renderHtmlReport(metrics, report)
    expect(html.match(/<circle /g)).toHaveLength(9)
    expect(report.edges.length).toBeGreaterThan(0)
    expect(html.match(/M[\d.]+ [\d.]+L/g)).toHaveLength(report.edges.length)
    expect(html).toContain('report &#60;&#38;&#62; &#34;test&#34;')
    expect(html).not.toContain('<&>')
    expect(html).not.toMatch(/<script|<link|https?:\/\//)
    expect(html.match(/<svg /g)).toHaveLength(3)
  })
})

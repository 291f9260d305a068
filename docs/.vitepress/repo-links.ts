/**
 * A markdown-it plugin for pages that link out of the site: docs/*.md link to package READMEs,
 * examples and tools with relative paths (`../packages/mesh/README.md`) that work on GitHub. The
 * site only holds docs/, so such links are rewritten to the same file on GitHub instead of
 * becoming dead links.
 */
import { posix } from 'node:path'
import type { MarkdownRenderer } from 'vitepress'

/** Repository that the relative links point into. */
export const REPO_URL = 'https://github.com/bitmesh/bitmesh'
/** Branch the rewritten links name. */
export const REPO_BRANCH = 'main'

/**
 * The GitHub address of a relative link that leaves docs/, or `null` when it stays inside.
 * @param href link target as written
 * @param pagePath path of the page relative to docs/ (`guide/interop.md`)
 */
export function outsideLink(href: string, pagePath: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:|^#|^\//i.test(href)) return null
  const [path = '', hash = ''] = href.split(/(?=#)/)
  const fromRoot = posix.normalize(posix.join('docs', posix.dirname(pagePath), path))
  if (fromRoot === 'docs' || fromRoot.startsWith('docs/')) return null
  const kind = /\.[a-z0-9]+$/i.test(fromRoot) ? 'blob' : 'tree'
  return `${REPO_URL}/${kind}/${REPO_BRANCH}/${fromRoot.replace(/\/$/, '')}${hash}`
}

/** Install the rewrite on a markdown-it instance. */
export function repoLinks(md: MarkdownRenderer): void {
  md.core.ruler.after('inline', 'bitmesh-repo-links', (state) => {
    const pagePath: string = (state.env as { relativePath?: string }).relativePath ?? ''
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue
        const href = token.attrGet('href')
        const rewritten = href === null ? null : outsideLink(href, pagePath)
        if (rewritten === null) continue
        token.attrSet('href', rewritten)
        token.attrSet('target', '_blank')
        token.attrSet('rel', 'noreferrer')
      }
    }
  })
}

// UI steps in the VS Code workbench served by code-server, expressed as what a person does (open a file,
// hover a squiggle, look at the Problems panel). Each step waits for what the workbench renders, with
// playwright's bounded waits (the context's default timeout), never a fixed sleep.
import type { Locator, Page } from 'playwright-core';

/** Opens a workspace file through Quick Open and returns its editor once its text is rendered. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
  const name = relativePath.split('/').pop()!;
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  // Quick Open searches the file index asynchronously: Enter before a result shows would open nothing.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-lines .view-line').first().waitFor();
  return editor;
}

/**
 * Waits for an error or warning squiggle on a 1-based line of the editor, moves the mouse onto it and
 * returns the text of the hover VS Code shows there.
 */
export async function hoverSquiggleOnLine(page: Page, editor: Locator, lineNumber: number): Promise<string> {
  await editor.scrollIntoViewIfNeeded();
  // Squiggles sit in an overlay layer with no line number of their own: match them to the gutter's
  // line-number element by vertical position. Runs in the page until it finds one (bounded timeout).
  const handle = await editor.elementHandle();
  const point = await page.waitForFunction(([root, line]) => {
    const gutter = [...root.querySelectorAll('.line-numbers')].find((n) => n.textContent?.trim() === String(line));
    if (!gutter) return undefined;
    const g = gutter.getBoundingClientRect();
    for (const s of root.querySelectorAll('.squiggly-error, .squiggly-warning')) {
      const r = s.getBoundingClientRect();
      const y = r.top + r.height / 2;
      if (r.width > 0 && y >= g.top && y <= g.bottom) return { x: r.left + Math.min(r.width / 2, 20), y };
    }
    return undefined;
  }, [handle, lineNumber] as const).then((h) => h.jsonValue() as Promise<{ x: number; y: number }>, (error: Error) => {
    throw new Error(`no error or warning squiggle on line ${lineNumber}: ${error.message}`);
  });
  // The editor computes hovers from the mouse position, so move there rather than hover an element.
  await page.mouse.move(point.x, point.y);
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
  await hover.waitFor();
  return (await hover.innerText()).trim();
}

/** Opens the Problems panel and returns the text of each row it renders (only rows in view are rendered). */
export async function problemRows(page: Page, expected: RegExp): Promise<string[]> {
  // Ctrl+Shift+M toggles: press it only while the panel is hidden.
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.filter({ hasText: expected }).first().waitFor();
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

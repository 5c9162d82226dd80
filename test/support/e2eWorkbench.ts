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
  // Quick Open searches the file index asynchronously: Enter before a result shows would open nothing, and
  // Enter opens the focused row, which may still be a recently opened file until the results arrive.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
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

/**
 * The text of the editor's rendered lines, top to bottom (only the lines in view are rendered). Monaco
 * renders spaces as non-breaking spaces and positions its line elements absolutely, reusing them as the
 * text changes, so the lines are ordered by their offset rather than by DOM order.
 */
export async function renderedLines(editor: Locator): Promise<string[]> {
  return editor.locator('.view-lines').evaluate((root) =>
    [...root.querySelectorAll('.view-line')]
      .map((line) => ({ top: line.getBoundingClientRect().top, text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text));
}

/** Waits until one of the editor's rendered lines reads exactly `text` (spaces as typed). */
export async function waitForRenderedLine(page: Page, editor: Locator, text: string): Promise<void> {
  const handle = await editor.elementHandle();
  await page.waitForFunction(([root, want]) =>
    [...root.querySelectorAll('.view-lines .view-line')].some((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ') === want),
  [handle, text] as const).catch(async (error: Error) => {
    throw new Error(`no line ${JSON.stringify(text)} in the editor: ${error.message}\nlines: ${JSON.stringify(await renderedLines(editor))}`);
  });
}

/**
 * Triggers suggestions at the cursor (Ctrl+Space), waits for the suggest widget to list `label` and
 * accepts that item with the mouse. Returns the labels the widget listed (the rows in view, up to 12).
 */
export async function pickSuggestion(page: Page, label: string): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  // Exact label: snippets and word suggestions may list entries that merely contain it.
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exact = new RegExp(`^${escaped}$`);
  const row = rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor().catch(async (error: Error) => {
    const listed = await rows.locator('.label-name').allInnerTexts();
    throw new Error(`the suggest widget does not list ${JSON.stringify(label)}: ${error.message}\nlisted: ${JSON.stringify(listed)}`);
  });
  const listed = await rows.locator('.label-name').allInnerTexts();
  // A mouse press on a row accepts it (the widget selects on mouse down), whichever row has focus.
  await row.click();
  await page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'hidden' });
  return listed;
}

/**
 * Moves the mouse onto the first rendered occurrence of `word` in the editor and returns the text of the
 * hover VS Code shows there once it contains `expected` (a hover first shows "Loading…").
 */
export async function hoverWord(page: Page, editor: Locator, word: string, expected: string | RegExp): Promise<string> {
  const point = await wordPoint(page, editor, word);
  await page.mouse.move(point.x, point.y);
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expected }).first();
  await hover.waitFor().catch(async (error: Error) => {
    const shown = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
    throw new Error(`no hover on ${JSON.stringify(word)} shows ${String(expected)}: ${error.message}\nshown: ${JSON.stringify(shown)}`);
  });
  return (await hover.innerText()).trim();
}

/** The point at the middle of the first rendered occurrence of `word` in the editor. */
export async function wordPoint(page: Page, editor: Locator, word: string): Promise<{ x: number; y: number }> {
  const handle = await editor.elementHandle();
  return page.waitForFunction(([root, w]) => {
    // Tokens are separate spans: find the text node holding the word and measure just the word.
    // The test compiles without the DOM lib: reach document through the node, 4 is NodeFilter.SHOW_TEXT.
    const doc = root.ownerDocument;
    const walker = doc.createTreeWalker(root.querySelector('.view-lines')!, 4);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(w) ?? -1;
      if (at < 0) continue;
      const range = doc.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const r = range.getBoundingClientRect();
      if (r.width > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return undefined;
  }, [handle, word] as const).then((h) => h.jsonValue() as Promise<{ x: number; y: number }>, (error: Error) => {
    throw new Error(`no rendered ${JSON.stringify(word)} in the editor: ${error.message}`);
  });
}

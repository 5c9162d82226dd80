// UI steps for the live platform in the VS Code workbench served by code-server: CodeLenses, the Platform
// view's rows, the cluster status bar item, notification buttons and the quick-fix menu. Live states can
// last about a second (Progressing, with the demo reconciler), shorter than one poll of a waiting step, so
// a recorder in the page notes every text those places show as it is rendered, and steps wait on that
// history; the current text is read for the states that stay. Every wait is bounded (the context's
// default timeout unless told) and fails with what was seen instead.
//
// The page-side code is plain JavaScript in strings: the tests compile without the DOM lib, and a string
// keeps TypeScript from typing page globals it cannot know.
import type { Locator, Page } from 'playwright-core';
import { wordPoint } from './e2eWorkbench';

/** The DOM id VS Code gives the extension's `platformAware.cluster` status bar item. */
export const STATUS_BAR_ID = 'platform-aware.platform-aware.platformAware.cluster';

/**
 * Page-side: the texts shown now, each prefixed with where: `lens: ○ Missing | Apply to admin…`,
 * `view: PostgreSQLInstance orders-db — Ready · Available · 3s`, `status: ⎈ admin · 1/1 ready`.
 * Non-breaking spaces (Monaco's) and runs of white space read as one space.
 */
const SNAPSHOT = `(() => {
  const clean = (s) => (s || '').replace(/\\u00a0/g, ' ').replace(/\\s+/g, ' ').trim();
  const texts = [];
  for (const e of document.querySelectorAll('.monaco-editor .codelens-decoration')) texts.push('lens: ' + clean(e.textContent));
  for (const r of document.querySelectorAll('.monaco-list-row .custom-view-tree-node-item')) {
    const label = clean(r.querySelector('.label-name')?.textContent);
    const description = clean(r.querySelector('.label-description')?.textContent);
    if (label) texts.push('view: ' + label + (description ? ' — ' + description : ''));
  }
  const status = document.getElementById(${JSON.stringify(STATUS_BAR_ID)});
  if (status) texts.push('status: ' + clean(status.textContent));
  return texts;
})()`;

/** Page-side: starts noting every distinct SNAPSHOT text, in the order first shown, into a page global. */
const RECORDER = `(() => {
  if (window.__platformAwareSeen) return;
  const seen = (window.__platformAwareSeen = []);
  const known = new Set();
  const snapshot = () => { for (const t of ${SNAPSHOT}) if (!known.has(t)) { known.add(t); seen.push(t); } };
  new MutationObserver(snapshot).observe(document.body, { subtree: true, childList: true, characterData: true });
  snapshot();
})()`;

/** Starts the recorder (once per page); texts shown before this call are not in the history. */
export async function recordLiveTexts(page: Page): Promise<void> {
  await page.evaluate(RECORDER);
}

/** Every distinct text the recorder saw, in the order first shown. */
export async function seenTexts(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__platformAwareSeen || []')) as string[];
}

/** The texts shown now. */
export async function currentTexts(page: Page): Promise<string[]> {
  return (await page.evaluate(SNAPSHOT)) as string[];
}

const regexp = (pattern: RegExp): string => `new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)})`;

/**
 * Waits until the recorder has seen a text matching `pattern` (it may be gone again by now) and returns
 * its position in the history, so a caller can check that one state came before another.
 */
export async function waitForSeen(page: Page, pattern: RegExp, what: string, timeoutMs?: number): Promise<number> {
  const expression = `(window.__platformAwareSeen || []).findIndex((t) => ${regexp(pattern)}.test(t)) + 1`;
  try {
    const index = (await (await page.waitForFunction(expression, undefined, timeoutMs === undefined ? {} : { timeout: timeoutMs })).jsonValue()) as number;
    return index - 1;
  } catch (error) {
    throw new Error(`${what} was never shown (${pattern}): ${(error as Error).message}\nseen: ${JSON.stringify(await seenTexts(page), null, 1)}`);
  }
}

/** Waits until a text matching `pattern` is shown now, and returns it. */
export async function waitForCurrent(page: Page, pattern: RegExp, what: string, timeoutMs?: number): Promise<string> {
  const expression = `${SNAPSHOT}.find((t) => ${regexp(pattern)}.test(t))`;
  try {
    return (await (await page.waitForFunction(expression, undefined, timeoutMs === undefined ? {} : { timeout: timeoutMs })).jsonValue()) as string;
  } catch (error) {
    throw new Error(`${what} is not shown (${pattern}): ${(error as Error).message}\nshown: ${JSON.stringify(await currentTexts(page), null, 1)}`);
  }
}

/**
 * Waits for a notification toast whose text matches `message`, presses its button `button` and waits for
 * the toast to close. Returns the toast's text.
 */
export async function answerNotification(page: Page, message: RegExp, button: string): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: message }).first();
  await toast.waitFor().catch(async (error: Error) => {
    const shown = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    throw new Error(`no notification shows ${message}: ${error.message}\nnotifications: ${JSON.stringify(shown)}`);
  });
  const text = (await toast.innerText()).replace(/\s+/g, ' ').trim();
  await toast.getByRole('button', { name: button, exact: true }).click();
  await toast.waitFor({ state: 'detached' });
  return text;
}

/** Puts the cursor in the middle of the first rendered occurrence of `word`, with a click as a person would. */
export async function clickWord(page: Page, editor: Locator, word: string): Promise<void> {
  const point = await wordPoint(page, editor, word);
  await page.mouse.click(point.x, point.y);
  await editor.locator('.cursors-layer .cursor').first().waitFor();
}

/**
 * Opens the quick-fix menu at the cursor (Ctrl+.), picks the entry whose title matches `title` with the
 * mouse and waits for the menu to close. Returns the titles the menu listed.
 */
export async function pickQuickFix(page: Page, title: RegExp): Promise<string[]> {
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row');
  const row = rows.filter({ hasText: title }).first();
  await row.waitFor().catch(async (error: Error) => {
    throw new Error(`the quick-fix menu lists no ${title}: ${error.message}\nlisted: ${JSON.stringify(await rows.allInnerTexts())}`);
  });
  const listed = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  // The menu lays a pointer block over the workbench that the first mouse movement removes; a click that
  // checks what is under the pointer first would wait for it forever. Move onto the row, then click there.
  const box = await row.boundingBox();
  if (!box) throw new Error(`the quick-fix entry ${title} has no box on screen`);
  const point = { x: box.x + Math.min(box.width / 2, 60), y: box.y + box.height / 2 };
  await page.mouse.move(point.x, point.y);
  await page.mouse.click(point.x, point.y);
  await page.locator('.action-widget').first().waitFor({ state: 'hidden' });
  return listed;
}

/** Whether an error or warning squiggle is drawn on a 1-based line of the editor (the line must be rendered). */
function squiggleOnLineScript(lineNumber: number): string {
  return `(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return 'no editor';
    const gutter = [...editor.querySelectorAll('.line-numbers')].find((n) => n.textContent.trim() === ${JSON.stringify(String(lineNumber))});
    if (!gutter) return 'line not rendered';
    const g = gutter.getBoundingClientRect();
    const hit = [...editor.querySelectorAll('.squiggly-error, .squiggly-warning')].some((s) => {
      const r = s.getBoundingClientRect();
      const y = r.top + r.height / 2;
      return r.width > 0 && y >= g.top && y <= g.bottom;
    });
    return hit ? 'squiggle' : 'clean';
  })()`;
}

/** Waits until the active editor draws no error or warning squiggle on a 1-based line. */
export async function waitForNoSquiggleOnLine(page: Page, lineNumber: number): Promise<void> {
  const script = squiggleOnLineScript(lineNumber);
  await page.waitForFunction(`${script} === 'clean'`).catch(async (error: Error) => {
    throw new Error(`line ${lineNumber} still has a squiggle (${String(await page.evaluate(script))}): ${error.message}`);
  });
}

/** Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G), which also scrolls it into view. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Runs a command by its title through the command palette (F1), as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

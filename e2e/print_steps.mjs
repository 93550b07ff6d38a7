// What a poster is once printed: Chromium prints the page as a person's
// Ctrl+P would (the page's own @page size) to PDF; pdfinfo counts its pages
// and names their size; pdftoppm renders them and zbarimg reads every QR code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function printed(page) {
  const work = mkdtempSync(path.join(tmpdir(), 'doma-print-'));
  try {
    const pdf = path.join(work, 'poster.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', '200', '-png', pdf, path.join(work, 'page')]);
    const pngs = readdirSync(work).filter((f) => f.endsWith('.png')).map((f) => path.join(work, f));
    let decoded = '';
    try {
      decoded = execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', ...pngs],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (e) { decoded = e.stdout ?? ''; }  // exit 4: no code found
    return {
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
      size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
      codes: decoded.split('\n').map((s) => s.trim()).filter(Boolean).sort(),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function assertOneA4(assert, p, label) {
  assert.equal(p.pages, 1, `${label}: exactly one page`);
  assert.match(p.size, /\(A4\)/, `${label}: an A4 page (${p.size})`);
}

import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGISTRY, TEMPLATE_NAMES, templateByName, isTemplateName, UnknownTemplateError } from './registry.js';
import { ZkmlError } from '../core/errors.js';
import { ReLU } from './relu.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * .circom files of this folder that define no template, with the reason. Every other .circom file
 * must define at least one template, and every template it defines must be registered.
 */
const FUNCTION_ONLY_FILES: Record<string, string> = {
  'conv-padding.circom': 'convolution padding geometry: functions only (convOutSize, convPadBefore, convRealTaps), included by the conv templates',
  'pool-window.circom': 'pooling-window geometry: functions only (poolOutSize, poolPadBefore, poolLo, poolHi), included by the pooling templates',
};

/** Templates defined in .circom files that are internal helpers, not library entry points, with the reason. */
const INTERNAL_TEMPLATES: Record<string, string> = {};

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

function templatesIn(file: string): string[] {
  const src = stripComments(fs.readFileSync(path.join(DIR, file), 'utf8'));
  return [...src.matchAll(/^template\s+(?:custom\s+|parallel\s+)*([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm)].map((m) => m[1]);
}

const circomFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.circom')).sort();
const signatureFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'registry.ts').sort();

describe('template registry', () => {
  it('registers every template defined in a .circom file of src/circuits', () => {
    const missing: string[] = [];
    for (const f of circomFiles) {
      const names = templatesIn(f);
      if (f in FUNCTION_ONLY_FILES) {
        expect(names, `${f} is listed as function-only but defines templates`).toEqual([]);
        continue;
      }
      expect(names.length, `${f} defines no template: register it or list it in FUNCTION_ONLY_FILES with a reason`).toBeGreaterThan(0);
      for (const t of names) {
        if (t in INTERNAL_TEMPLATES) continue;
        if (!isTemplateName(t)) missing.push(`${t} (${f})`);
      }
    }
    expect(missing, 'templates without a registry entry').toEqual([]);
  });

  it('lists only exceptions that still exist', () => {
    for (const f of Object.keys(FUNCTION_ONLY_FILES)) expect(circomFiles, f).toContain(f);
    const all = circomFiles.flatMap(templatesIn);
    for (const t of Object.keys(INTERNAL_TEMPLATES)) expect(all, t).toContain(t);
  });

  it('registers every defineTemplate(...) export of the signature files', () => {
    const missing: string[] = [];
    for (const f of signatureFiles) {
      const src = fs.readFileSync(path.join(DIR, f), 'utf8');
      for (const m of src.matchAll(/export\s+const\s+(\w+)\s*=\s*defineTemplate\s*[<(]/g)) {
        const { template } = (REGISTRY as Record<string, { template: string }>)[m[1]] ?? {};
        if (template !== m[1]) missing.push(`${m[1]} (${f})`);
      }
    }
    expect(missing, 'defineTemplate exports without a registry entry').toEqual([]);
  });

  it('keys every entry by its template name, and each entry\'s file exists and defines that template', () => {
    expect(TEMPLATE_NAMES.length).toBeGreaterThanOrEqual(32);
    for (const [key, sig] of Object.entries(REGISTRY)) {
      expect(sig.template, key).toBe(key);
      expect(sig.file, key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.circom$/);
      expect(fs.existsSync(path.join(DIR, sig.file)), `${key}: ${sig.file} exists`).toBe(true);
      expect(templatesIn(sig.file), `${sig.file} defines ${key}`).toContain(key);
    }
  });

  it('gives each entry params in the order of the circom template, a validate and a constraint formula', () => {
    for (const [key, sig] of Object.entries(REGISTRY)) {
      const src = stripComments(fs.readFileSync(path.join(DIR, sig.file), 'utf8'));
      const m = src.match(new RegExp(`^template\\s+${key}\\s*\\(([^)]*)\\)`, 'm'));
      expect(m, key).not.toBeNull();
      const circomParams = m![1].split(',').map((s) => s.trim()).filter(Boolean);
      expect([...sig.params], key).toEqual(circomParams);
      expect(typeof sig.validate, key).toBe('function');
      expect(typeof sig.constraints, key).toBe('function');
    }
  });

  it('templateByName returns the signature and refuses unknown names, listing the known ones', () => {
    expect(templateByName('ReLU')).toBe(ReLU);
    expect(templateByName('ReLU').constraints({ B: 32 })).toBe(33);
    expect(isTemplateName('toString')).toBe(false);
    for (const bad of ['Relu', 'MaxPool2D', '', 'toString', '__proto__']) {
      let err: unknown;
      try { templateByName(bad); } catch (e) { err = e; }
      expect(err, bad).toBeInstanceOf(UnknownTemplateError);
      expect(err).toBeInstanceOf(ZkmlError);
      const e = err as UnknownTemplateError;
      expect(e.name).toBe('UnknownTemplateError');
      expect(e.message).toContain(`"${bad}"`);
      for (const known of ['ReLU', 'MaxPooling2D', 'Conv2D', 'PoseidonCommit']) expect(e.message).toContain(known);
      expect(e.details).toEqual({ template: bad, known: [...TEMPLATE_NAMES] });
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(REGISTRY)).toBe(true);
    expect(Object.isFrozen(TEMPLATE_NAMES)).toBe(true);
  });
});

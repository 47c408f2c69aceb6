#!/usr/bin/env python3
"""Proof summary of the core from one passing WP run (make prove).

Usage: summary.py WP_LOG PROPERTIES_CSV RESULTS_DIR CORE_SOURCES...

Writes Markdown to stdout: tool versions, then per function the properties
WP was asked about (from the report plug-in's CSV: contract clauses,
behaviours, loop annotations, assertions, run-time-error guards) with how
many have a proved status, and the goals they split into with the prover
that closed each. RESULTS_DIR gets one file per function (and one for the
lemmas) listing every property and every goal with its status.

A goal is attributed to the longest function name that prefixes its WP
name (typed_<function>_<property>); typed_lemma_<name> is a lemma.
"""
import os
import re
import subprocess
import sys

# Report plug-in property kinds, grouped for the table.
CONTRACT = ('postcondition', 'assigns clause', 'from clause', 'exits',
            'complete behaviors', 'disjoint behaviors', 'terminates',
            'decreases')
LOOP = ('loop invariant', 'loop variant', 'loop assigns')
PROVED = ('Valid', 'Valid under hypotheses', 'Valid but dead')
GOAL = re.compile(r'^\[wp\] \[([^\]]+)\] (Goal|Smoke-test) typed_(\S+)'
                  r'(?: : (\S+))?')


def functions(paths):
    """Names of the functions defined in the sources: a line at column 0
    that is not a comment, directive or brace, opening a parameter list
    and not ending with ';'. Longest first, for prefix matching."""
    names = set()
    ident = re.compile(r'([A-Za-z_][A-Za-z_0-9]*)\s*\(')
    for path in paths:
        with open(path, encoding='utf-8') as src:
            for line in src:
                if (not line or line[0] in ' \t#/*}{\n'
                        or line.rstrip().endswith(';')):
                    continue
                m = ident.search(line)
                if m:
                    names.add(m.group(1))
    return sorted(names, key=len, reverse=True)


def version(cmd):
    """First line of a tool's version output, or 'not found'."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True,
                             check=False, timeout=30)
    except OSError:
        return 'not found'
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else 'not found'


def read_goals(log, fns):
    """{function: [(goal, kind, status, prover)]}; kind Goal/Smoke-test.
    A goal printed twice (a failed smoke test is) is kept once."""
    goals, seen = {}, set()
    with open(log, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = GOAL.match(line)
            if not m or m.group(3) in seen:
                continue
            prover, kind, name, status = m.groups()
            seen.add(name)
            if kind == 'Smoke-test':
                status = 'passed' if prover == 'Passed' else 'FAILED'
            elif status != 'Valid':
                status = 'UNPROVED'
            who = re.sub(r' [0-9.]+$', '', prover)
            owner = '(lemmas)' if name.startswith('lemma_') else '(other)'
            for fn in fns:
                if name.startswith(fn + '_'):
                    owner = fn
                    break
            goals.setdefault(owner, []).append((name, kind, status, who))
    return goals


def read_properties(path):
    """{function: [(line, kind, status, text)]} from the report CSV. Its
    rows are tab-separated and unquoted; a property printed on several
    lines continues on lines with fewer fields."""
    props, rows = {}, []
    if not os.path.exists(path):
        return props
    with open(path, encoding='utf-8', errors='replace') as f:
        next(f, None)
        for line in f:
            fields = line.rstrip('\n').split('\t')
            if len(fields) >= 7:
                rows.append(fields[:6] + ['\t'.join(fields[6:])])
            elif rows:
                rows[-1][6] += ' ' + line.strip()
    for _, _, line, fn, kind, status, text in rows:
        if kind == 'lemma' or not fn:
            fn = '(lemmas)' if kind == 'lemma' else '(global)'
        props.setdefault(fn, []).append(
            (line, kind, status, ' '.join(text.split())))
    return props


def behaviours(fn, goals):
    """Named behaviours of fn, as they appear in its goal names."""
    names = set()
    pat = re.compile(re.escape(fn) + r'_([A-Za-z0-9_]+?)_(?:ensures|assigns)')
    for name, _, _, _ in goals:
        m = pat.match(name)
        if m and not m.group(1).startswith(('loop', 'call', 'assert')):
            names.add(m.group(1))
    return sorted(names)


def group(kind):
    if kind in CONTRACT:
        return 'contract'
    if kind == 'precondition' or kind.startswith('precondition'):
        return 'requires'
    if kind in LOOP:
        return 'loop'
    if kind in ('assertion', 'check'):
        return 'assert'
    if kind == 'lemma':
        return 'lemma'
    return 'rte'


def cell(props, which):
    sel = [p for p in props if group(p[1]) == which]
    if not sel:
        return ''
    proved = sum(1 for p in sel if p[2] in PROVED)
    return f'{proved}/{len(sel)}'


def write_result(path, fn, props, goals, behs):
    with open(path, 'w', encoding='utf-8') as out:
        out.write(f'# {fn}\n\nWritten by `make prove` from a passing run; '
                  'do not edit.\n\n')
        if behs:
            out.write('Behaviours: ' + ', '.join(f'`{b}`' for b in behs)
                      + '\n\n')
        out.write('## Properties\n\n| line | kind | status | property |\n'
                  '|---:|---|---|---|\n')
        for line, kind, status, text in props:
            text = text.replace('|', '\\|')
            if len(text) > 120:
                text = text[:117] + '...'
            out.write(f'| {line} | {kind} | {status} | `{text}` |\n')
        out.write('\n## Goals\n\n| goal | status | by |\n|---|---|---|\n')
        for name, kind, status, who in sorted(goals):
            label = 'smoke test ' if kind == 'Smoke-test' else ''
            out.write(f'| {label}`typed_{name}` | {status} | {who} |\n')


def header(goals, log):
    every = [g for gs in goals.values() for g in gs]
    real = [g for g in every if g[1] == 'Goal']
    smoke = [g for g in every if g[1] == 'Smoke-test']
    proved = sum(1 for g in real if g[2] == 'Valid')
    smoke_ok = sum(1 for g in smoke if g[2] == 'passed')
    cache = ''
    with open(log, encoding='utf-8', errors='replace') as f:
        for line in f:
            if line.startswith('[wp] [Cache]'):
                part = line[len('[wp] [Cache]'):].strip()
                cache = f'{cache}; {part}' if cache else part
    print('# Proof summary of the core')
    print()
    print('Written by `make prove` (proofs/prove.sh) only when every check '
          'passed; do not edit by hand. One file per function with every '
          'property and goal: [`results/`](results/).')
    print()
    print('Tools: ' + '; '.join([
        'Frama-C ' + version(['frama-c', '-version']),
        version(['why3', '--version']),
        version(['cvc4', '--version']),
        version(['z3', '--version'])]) + '.')
    print('WP with `-wp-rte -wp-split -wp-smoke-tests`, unsigned overflow '
          'and downcast warnings, `-wp-timeout 30`, provers CVC4 then Z3 '
          '(options in proofs/wp.sh); prover results replayed from '
          f'proofs/wp-cache/ ({cache or "cache unused"}).')
    print()
    print(f'**{proved} / {len(real)} goals proved; {smoke_ok} / {len(smoke)} '
          'smoke tests fail to prove, as they must.**')
    print()


def main():
    log, csv_path, results = sys.argv[1:4]
    fns = functions(sys.argv[4:])
    goals = read_goals(log, fns)
    props = read_properties(csv_path)
    header(goals, log)
    print('Properties proved / stated, per function (contract: ensures, '
          'assigns, complete and disjoint behaviours; requires: the '
          "function's preconditions, proved at every call site; rte: "
          'run-time-error guards):')
    print()
    print('| function | behaviours | contract | requires | loop | assert '
          '| rte | goals | by |')
    print('|---|---|---:|---:|---:|---:|---:|---:|---|')
    os.makedirs(results, exist_ok=True)
    for fn in sorted(set(goals) | set(props)):
        fg, fp = goals.get(fn, []), props.get(fn, [])
        behs = behaviours(fn, fg)
        real = [g for g in fg if g[1] == 'Goal']
        by = {}
        for _, _, status, who in real:
            if status == 'Valid':
                by[who] = by.get(who, 0) + 1
        proved = sum(by.values())
        byc = ', '.join(f'{k} {v}' for k, v in sorted(by.items()))
        cells = ' | '.join(cell(fp, w) for w in
                           ('contract', 'requires', 'loop', 'assert', 'rte'))
        print(f'| `{fn}` | {", ".join(behs)} | {cells} | '
              f'{proved}/{len(real)} | {byc} |')
        fname = re.sub(r'[^A-Za-z0-9_]', '', fn) or 'global'
        write_result(os.path.join(results, fname + '.md'), fn, fp, fg, behs)


if __name__ == '__main__':
    main()

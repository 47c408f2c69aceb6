#!/usr/bin/python3
"""Hold airlock-sigcheck's EVR order (build/test/test-evr --compare, i.e.
src/sigcheck/evr.c) against python3-rpm's labelCompare and against a
model of rpm's version order written here from its documented rules, over
generated (epoch, version, release) pairs: digit and letter runs, leading
zeros, separators, '~' (sorts before anything, even the end) and '^'
(sorts after the end, before anything else).

    tests/vercmp.py TEST-EVR [N]

Prints one line per disagreement and a last line "PAIRS pairs: ..."; exits
0 only if all three agree on every pair. Deterministic (fixed seed).
Run with /usr/bin/python3 (python3-rpm is installed for it)."""
import random
import subprocess
import sys

import rpm

SEPARATORS = "._+"


def segments(s):
    """Split S into rpm's tokens: ('~',), ('^',), ('num', digits) or
    ('alpha', letters); other characters only separate."""
    kinds = (("num", str.isdigit), ("alpha", str.isalpha))
    out, i = [], 0
    while i < len(s):
        if s[i] in "~^":
            out.append((s[i],))
            i += 1
            continue
        for kind, test in kinds:
            j = i
            while j < len(s) and s[j].isascii() and test(s[j]):
                j += 1
            if j > i:
                out.append((kind, s[i:j]))
                break
        i = max(j, i + 1)
    return out


def model(a, b):
    """rpm's order on one version (or release) string: -1, 0, 1."""
    if a == b:
        return 0
    x, y = segments(a), segments(b)
    while x or y:
        hx, hy = (x[0] if x else None), (y[0] if y else None)
        if hx == ("~",) or hy == ("~",):       # '~' below everything
            if hx != ("~",):
                return 1
            if hy != ("~",):
                return -1
        elif hx == ("^",) or hy == ("^",):     # '^' above the end only
            if hx is None:
                return -1
            if hy is None:
                return 1
            if hx != ("^",):
                return 1
            if hy != ("^",):
                return -1
        elif hx is None or hy is None:
            break
        elif hx[0] != hy[0]:                   # a number beats letters
            return 1 if hx[0] == "num" else -1
        elif hx[0] == "num":
            p, q = hx[1].lstrip("0"), hy[1].lstrip("0")
            if len(p) != len(q):
                return 1 if len(p) > len(q) else -1
            if p != q:
                return 1 if p > q else -1
        elif hx[1] != hy[1]:
            return 1 if hx[1] > hy[1] else -1
        x, y = x[1:], y[1:]
    if not x and not y:
        return 0
    return -1 if not x else 1


def model_evr(a, b):
    if a[0] != b[0]:
        return 1 if a[0] > b[0] else -1
    return model(a[1], b[1]) or model(a[2], b[2])


def gen_version(r):
    alphabet = ["0", "1", "2", "9", "10", "01", "a", "b", "Z", "rc", "git", ".", "_", "+",
                "~", "^"]
    return "".join(r.choice(alphabet) for _ in range(r.randint(1, 5)))


def cases(n):
    r = random.Random(13)
    fixed = ["1.0", "1.0.0", "1.0~rc1", "1.0^git1", "1.0a", "1.0.a", "1a", "1_0", "1+0",
             "01", "001.0", "2", "10", "a", "A", "1.0~~", "1.0^", "1.0~", "1~^", "^1"]
    out = [((0, a, "1"), (0, b, "1")) for a in fixed for b in fixed]
    out += [((e1, "1", "1"), (e2, "0.1", "9")) for e1 in (0, 1, 2) for e2 in (0, 1, 2)]
    while len(out) < n:
        out.append(((r.choice((0, 0, 0, 1)), gen_version(r), gen_version(r)),
                    (r.choice((0, 0, 0, 1)), gen_version(r), gen_version(r))))
    return out


def main():
    pairs = cases(int(sys.argv[2]) if len(sys.argv) > 2 else 3000)
    text = "".join("%d:%s-%s %d:%s-%s\n" % (a + b) for a, b in pairs)
    got = subprocess.run([sys.argv[1], "--compare"], input=text, capture_output=True,
                         text=True, check=False).stdout.split()
    bad = 0
    if len(got) != len(pairs):
        print("test-evr answered %d of %d pairs" % (len(got), len(pairs)))
        return 1
    for (a, b), g in zip(pairs, got):
        lc = rpm.labelCompare(tuple(map(str, a)), tuple(map(str, b)))
        m = model_evr(a, b)
        if not (g == str(lc) == str(m)):
            bad += 1
            if bad <= 10:
                print("%d:%s-%s vs %d:%s-%s: airlock %s, labelCompare %d, model %d" %
                      (a + b + (g, lc, m)))
    ties = sum(1 for g in got if g == "0")
    print("%d pairs (%d equal): %d disagreements" % (len(pairs), ties, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""Prepare replay/pot_aqua_code002_n30.jsonl from Program of Thoughts' recorded AQuA self-consistency run.

Source: wenhuchen/Program-of-Thoughts @ 850399c3eff8c37458a9d642c4a98df287f50f3a (MIT):
  outputs/aqua_sc_s0_e-1_11_07_20_49.jsonl  -- 30 programs per question from code-davinci-002, temperature 0.3
  run_aqua.py, tool.py                       -- how they were drawn, executed and voted on

The source saved the programs, not their values, so each one is executed here as the source's
`tool.safe_execute` did: exec() with the names tool.py's module had, a 5-second limit, the value of `ans`
passed through `simplify_ans` (the string the source voted on). The source then asked code-davinci-002 which
option is "closest" to the majority value; that matcher sees the question and often names the right option
for a wrong value (3.01 for an answer of 42857), so it is not used. Instead a value names an option when it
equals that option's number within 1 % (or 0.006): options are read as numbers, arithmetic of numbers, square
roots, pi and factorials, with currency and units stripped and percentages also compared as fractions; a
value that names no option names the "None of these" option where there is one. Questions whose correct
option is not a number (a formula, two numbers, "3 % profit") are left out, since no value could name it.

Usage: python3 pot_aqua.py <source aqua_sc_….jsonl> <output.jsonl>   (needs sympy and numpy)
"""
import json
import math
import multiprocessing as mp
import random
import re
import signal
import statistics
import sys

import numpy as np
import sympy
from sympy import Eq, Symbol, simplify
from sympy.parsing.sympy_parser import implicit_multiplication_application, parse_expr, standard_transformations
from sympy.solvers import solve

SOURCE = 'pot_aqua_code002_n30'


# --- executing a program as the source did (tool.py @ 850399c) -------------------------------------------

def solve_it(equation, variable):
    solution = solve(equation, variable, dict=True)
    if not solution:
        if isinstance(variable, list):
            return {v: None for v in variable}
        return {variable: None}
    return solution[0]


def simplify_ans(ans):
    if 'relational' in str(type(ans)):
        return str(ans)
    if 'numpy' in str(type(ans)):
        return str(round(float(ans if ans.shape == () else ans[0]), 2))
    if not ans:
        return None
    if type(ans) in [list, tuple]:
        if 'sympy' in str(type(ans[0])):
            try:
                ans = [round(float(x), 2) for x in ans]
            except Exception:
                ans = [str(x) for x in ans]
        if len(ans) == 1:
            ans = ans[0]
    elif 'sympy' in str(type(ans)):
        try:
            ans = round(float(ans), 2)
        except Exception:
            ans = str(ans)
    return str(ans)


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def execute(code):
    names = {'math': math, 'Symbol': Symbol, 'simplify': simplify, 'solve': solve, 'solve_it': solve_it, 'Eq': Eq,
             'np': np, 'statistics': statistics, 'sympy': sympy}
    # A few programs simulate (random.randint); seeded so that the file is the same on every run.
    random.seed(0)
    np.random.seed(0)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(5)
    try:
        exec(code, names)
        value = names.get('ans', None)
        signal.alarm(0)
        return simplify_ans(value)
    except BaseException:
        signal.alarm(0)
        return None


def execute_all(codes):
    out = []
    for code in codes:
        try:
            out.append(execute(code))
        except BaseException:
            out.append(None)
    return out


# --- grading a value against the options ---------------------------------------------------------------

NONE_OPTION = re.compile(r'none of (these|the above|them)|^[A-E]\)\s*none\s*$', re.I)
EXPR_HEAD = re.compile(r'^[\s\d\.\+\-\*/\(\)!]*(?:(?:sqrt|pi)[\s\d\.\+\-\*/\(\)!]*)*')
TRANSFORMS = standard_transformations + (implicit_multiplication_application,)


def option_value(text):
    """(the option's number or None, whether it is a percentage)."""
    s = re.sub(r'^[A-E]\)', '', text).strip()
    if re.search(r'(?i)profit|loss|gain', s):
        return None, False
    s = s.replace('–', '-').replace('−', '-').replace('√', 'sqrt').replace('π', 'pi').replace('^', '**')
    s = re.sub(r'(?i)^(rs\.?|inr|\$|₹|£|€)\s*', '', s)
    s = re.sub(r'(?<=\d),(?=\d{3})', '', s)
    percent = '%' in s
    s = s.replace('%', '').replace('$', '').strip()
    head = EXPR_HEAD.match(s).group(0)
    rest = s[len(head):]
    if head.strip() == '' or re.search(r'[\d\+\*\(\)=&:]', rest):
        return None, percent
    expr = re.sub(r'(\d+)!', r'factorial(\1)', head.strip()).replace('sqrt', ' sqrt').replace('pi', ' pi')
    try:
        value = float(parse_expr(expr, transformations=TRANSFORMS))
    except Exception:
        return None, percent
    if math.isnan(value) or math.isinf(value):
        return None, percent
    return value, percent


def value_number(value):
    if value is None:
        return None
    s = value.strip()
    if s.startswith('[') or s.startswith('('):
        s = s.strip('[]()').split(',')[0].strip()
    try:
        number = float(s)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def close(v, o):
    return abs(v - o) <= max(0.01 * abs(o), 0.006)


def named_option(value, options):
    """The letter of the option the value names, or None."""
    v = value_number(value)
    if v is not None:
        hits = []
        for option in options:
            o, percent = option_value(option)
            if o is None:
                continue
            for scaled in ([v, v * 100, v / 100] if percent else [v]):
                if close(scaled, o):
                    hits.append((abs(scaled - o), option[0]))
        if hits:
            return min(hits)[1]
    for option in options:
        if NONE_OPTION.search(option):
            return option[0]
    return None


def vote_key(value):
    """The answer as voted on: a number written one way (300 and 300.0 agree, 0.30000000000000004 is 0.3),
    to ten significant digits so that no two values the grading tells apart share a key; anything else as is."""
    v = value_number(value)
    if v is not None and not value.strip().startswith(('[', '(')):
        return f'{v:.10g}'
    return value


def main(source_path, out_path):
    rows = [json.loads(line) for line in open(source_path)]
    rows = [r for r in rows if 'generated' in r]
    with mp.Pool(2, maxtasksperchild=1) as pool:
        values = pool.map(execute_all, [r['generated'] for r in rows], chunksize=1)
    kept = 0
    with open(out_path, 'w') as out:
        for index, (row, vals) in enumerate(zip(rows, values)):
            gold = next(o for o in row['options'] if o[0] == row['answer'])
            if option_value(gold)[0] is None and not NONE_OPTION.search(gold):
                continue
            kept += 1
            samples = []
            for code, value in zip(row['generated'], vals):
                letter = named_option(value, row['options']) if value is not None else None
                samples.append({'answer': vote_key(value) if value is not None else None, 'correct': letter == row['answer'],
                                'tokens': None, 'score': None, 'chars': len(code), 'text': code})
            problem = f"{row['question']}\nOptions: {' '.join(row['options'])}"
            out.write(json.dumps({'id': f'aqua-test-{index}', 'source': SOURCE, 'problem': problem, 'gold': gold,
                                  'samples': samples,
                                  'meta': {'source_majority_value': row['generated_prediction'], 'source_option': row['prediction']}},
                                 ensure_ascii=False) + '\n')
    print(f'{kept} of {len(rows)} questions kept', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

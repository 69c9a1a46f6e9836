#!/usr/bin/env python3
"""Cuts the pairwise test sample from the TRAIN split, ../shared/data/alpacaeval-train.jsonl.gz.

Run once by a developer; the build and the tests never run it, they read only its output.
  python3 tools/sample/make_pairwise_sample.py ../shared/data/alpacaeval-train.jsonl.gz \
      src/test/resources/eval/pairwise-sample.jsonl

Each line is one pair of answers to one instruction, in eval's pairwise format
{id, prompt, a, b, label, scenario}: label is the side with the higher judge `win` when the two differ by at
least CLEAR (0.5), or "tie" when they differ by at most TIE (0.01). The scenario is the instruction's source
dataset. Which answer goes first is fixed by a hash of the pair, so label a and label b both occur.
"""
import gzip, hashlib, json, sys

BLEND12 = ["alpaca-7b", "baize-v2-13b", "chatglm2-6b", "falcon-40b-instruct", "oasst-rlhf-llama-33b",
           "vicuna-13b", "wizardlm-13b", "nous-hermes-13b", "ultralm-13b", "pythia-12b-mix-sft",
           "openbuddy-llama-30b-v7.1", "Qwen-14B-Chat"]
CLEAR, TIE = 0.5, 0.01
N_CLEAR, N_TIE = 32, 8
MAX_CHARS = 1200  # short answers keep the test resource small

src, dst = sys.argv[1], sys.argv[2]
rows = sorted((json.loads(l) for l in gzip.open(src, "rt", encoding="utf-8")), key=lambda r: r["id"])
clear, ties = [], []
for r in rows:
    if len(r["instruction"]) > MAX_CHARS:
        continue
    pool = {}
    for c in r["candidates"]:
        if c["model"] in BLEND12 and c["model"] not in pool and len(c["text"]) <= MAX_CHARS:
            pool[c["model"]] = c
    cands = [pool[m] for m in BLEND12 if m in pool]
    pairs = [(x, y) for i, x in enumerate(cands) for y in cands[i + 1:]]
    best = max(pairs, key=lambda p: abs(p[0]["win"] - p[1]["win"]), default=None)
    tie = next((p for p in pairs if abs(p[0]["win"] - p[1]["win"]) <= TIE and p[0]["text"] != p[1]["text"]), None)
    if best and abs(best[0]["win"] - best[1]["win"]) >= CLEAR and len(clear) < N_CLEAR:
        clear.append((r, best))
    elif tie and len(ties) < N_TIE:
        ties.append((r, tie))
    if len(clear) == N_CLEAR and len(ties) == N_TIE:
        break

with open(dst, "w", encoding="utf-8") as f:
    for r, (x, y) in sorted(clear + ties, key=lambda t: t[0]["id"]):
        pid = f'{r["id"]}:{x["model"]}:{y["model"]}'
        if hashlib.sha256(pid.encode()).digest()[0] % 2:
            x, y = y, x
        d = x["win"] - y["win"]
        label = "tie" if abs(d) <= TIE else ("a" if d > 0 else "b")
        f.write(json.dumps({"id": pid, "prompt": r["instruction"], "a": x["text"], "b": y["text"],
                            "label": label, "scenario": r["dataset"]}, ensure_ascii=False) + "\n")
print(f"wrote {len(clear)} clear pairs and {len(ties)} ties to {dst}")

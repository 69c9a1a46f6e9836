#!/usr/bin/env python3
"""Cuts the demo sample bundled in the jar from ../shared/data/alpacaeval-train.jsonl.gz.

Run once by a developer; the build never runs it. Keeps the data README's format, so `produce` and
`eval` read the sample and the full files alike.
  python3 tools/sample/make_sample.py ../shared/data/alpacaeval-train.jsonl.gz src/main/resources/samples/alpacaeval-sample.jsonl.gz
"""
import gzip, json, sys

MODELS = ["alpaca-7b", "baize-v2-13b", "chatglm2-6b", "falcon-40b-instruct",
          "oasst-rlhf-llama-33b", "vicuna-13b", "wizardlm-13b", "nous-hermes-13b"]
N = 40

src, dst = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in gzip.open(src, "rt", encoding="utf-8")]
rows.sort(key=lambda r: r["id"])
out = []
for r in rows:
    by_model = {}
    for c in r["candidates"]:
        if c["model"] in MODELS and c["model"] not in by_model:
            by_model[c["model"]] = c
    # Short answers keep the jar small; the demo is about the stream, not about long texts.
    if len(by_model) == len(MODELS) and all(len(c["text"]) < 2500 for c in by_model.values()):
        r["candidates"] = [by_model[m] for m in MODELS]
        out.append(r)
    if len(out) == N:
        break
with gzip.open(dst, "wt", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"wrote {len(out)} instructions x {len(MODELS)} models to {dst}")

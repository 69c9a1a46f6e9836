#!/usr/bin/env python3
"""Export llm-blender/PairRM-hf (or any checkpoint of the same shape) into a blendstream model directory.

    python tools/export/export_pairrm.py --checkpoint llm-blender/PairRM-hf --out models/pairrm
    python tools/export/export_pairrm.py --checkpoint llm-blender/PairRM-hf --out models/pairrm-fp16 \
        --device cuda --dtype float16

Writes model.pt (TorchScript: forward(input_ids int64[B,L], attention_mask int64[B,L]) -> logits float[B]),
tokenizer.json and blendstream-model.json. Before writing anything it checks, and fails loudly otherwise:
  1. the token ids blendstream assembles (each text encoded once without special tokens, then
     [CLS] marker text [SEP] per piece, PairRM-hf budget) equal PairRM-hf's own tokenize_pair on real pairs;
  2. the TorchScript module reproduces the eager model on real pairs, in padded batches and at sequence
     lengths other than the one it was traced with.
Never run by the build or the tests; needs torch, transformers (>= 4.47, see README.md) and the checkpoint.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokenizer_json  # noqa: E402
from traced_check import pad_batch, worst_difference  # noqa: E402

SOURCE_PREFIX, CAND1_PREFIX, CAND2_PREFIX, CAND_PREFIX = "<|source|>", "<|candidate1|>", "<|candidate2|>", "<|candidate|>"

# Real pairs of different lengths; the long ones make the source cut and the candidate budget matter.
SAMPLES = [
    ("What is the capital of France?", "The capital of France is Paris.", "I think it is Lyon."),
    ("Write a haiku about the sea.", "Waves fold into foam / salt wind carries gull voices / the tide keeps its time",
     "The sea is big and blue."),
    ("Explain recursion to a child. " * 30, "Recursion is when something is defined using itself. " * 40,
     "It is a loop. [SEP] Really."),
    ("Translate to German: good morning", "Guten Morgen", "Gute Nacht"),
]


def fail(msg):
    print("EXPORT FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def check_transformers():
    import transformers
    from packaging import version
    # base_version: a 4.47 development build (e.g. from source at the v4.47 branch point) has the refactor too.
    v = version.parse(version.parse(transformers.__version__).base_version)
    if v < version.parse("4.47.0"):
        fail(f"transformers {transformers.__version__} cannot trace DeBERTa-v2 (custom autograd XSoftmax, "
             "transformers issue #20815); use 4.47.0 or newer, see tools/export/README.md")
    return transformers.__version__


def build_model_class():
    from transformers.models.deberta_v2.modeling_deberta_v2 import DebertaV2Model, DebertaV2PreTrainedModel

    class PairRMForExport(DebertaV2PreTrainedModel):
        """PairRM's forward with the same parameter names as the checkpoint (pretrained_model.*, head_layer.*),
        written for tracing: markers are found with argmax instead of data-dependent indexing, and there is
        no column trimming (blendstream pads to the longest row of each batch, so there are no all-pad columns).
        """

        def __init__(self, config):
            super().__init__(config)
            self.pretrained_model = DebertaV2Model(config)
            h = config.hidden_size
            self.head_layer = nn.Sequential(nn.Dropout(config.drop_out), nn.Linear(2 * h, h), nn.Tanh(),
                                            nn.Dropout(config.drop_out), nn.Linear(h, config.n_tasks))
            self.source_prefix_id = config.source_prefix_id
            self.cand1_prefix_id = config.cand1_prefix_id
            self.cand2_prefix_id = config.cand2_prefix_id
            self.post_init()

        def _at(self, hs, input_ids, marker: int):
            idx = (input_ids == marker).long().argmax(dim=1)
            return hs[torch.arange(hs.shape[0], device=hs.device), idx]

        def forward(self, input_ids, attention_mask):
            hs = self.pretrained_model(input_ids=input_ids, attention_mask=attention_mask,
                                       return_dict=False)[0]
            src = self._at(hs, input_ids, self.source_prefix_id)
            left = self.head_layer(torch.cat([src, self._at(hs, input_ids, self.cand1_prefix_id)], -1))
            right = self.head_layer(torch.cat([src, self._at(hs, input_ids, self.cand2_prefix_id)], -1))
            return (left - right).mean(dim=-1)

    return PairRMForExport


def reference_tokenize_pair(tok, source, c1, c2, source_max, cand_max):
    """PairRM-hf's model-card tokenize_pair for one pair, without the final padding."""
    max_length = source_max + 2 * cand_max
    s = tok.encode(SOURCE_PREFIX + source, max_length=source_max, truncation=True)
    budget = (max_length - len(s)) // 2
    a = tok.encode(CAND1_PREFIX + c1, max_length=budget, truncation=True)
    b = tok.encode(CAND2_PREFIX + c2, max_length=budget, truncation=True)
    return s + a + b


def blendstream_pair(tok, ids, source, c1, c2, source_max, max_total):
    """What the Java side does: encode each text once, no special tokens, then lay out the pieces."""
    def enc(t):
        return tok.encode(t.replace(tok.sep_token, " "), add_special_tokens=False)

    def piece(marker, text_ids, budget):
        return [ids["cls"], ids[marker]] + text_ids[:max(0, budget - 3)] + [ids["sep"]]

    s = piece("source", enc(source), source_max)
    budget = (max_total - len(s)) // 2
    return s + piece("candidate1", enc(c1), budget) + piece("candidate2", enc(c2), budget)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default="llm-blender/PairRM-hf", help="hub id or local folder")
    ap.add_argument("--out", required=True, help="model directory to write")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--dtype", default="float32", choices=["float32", "float16"])
    ap.add_argument("--source-max-length", type=int, default=1224)
    ap.add_argument("--candidate-max-length", type=int, default=412)
    ap.add_argument("--name", default=None, help="name written into outputs (default: the checkpoint)")
    ap.add_argument("--version", default=None, help="version string for outputs (default: derived from checkpoint)")
    ap.add_argument("--atol", type=float, default=None, help="max |traced - eager| (default 1e-3 fp32, 5e-2 fp16)")
    args = ap.parse_args()

    tf_version = check_transformers()
    if args.dtype == "float16" and args.device != "cuda":
        fail("float16 export needs --device cuda: half precision is meant for GPUs")
    from transformers import AutoConfig, AutoTokenizer

    torch.manual_seed(0)
    config = AutoConfig.from_pretrained(args.checkpoint)
    for attr in ("source_prefix_id", "cand1_prefix_id", "cand2_prefix_id", "n_tasks", "drop_out"):
        if not hasattr(config, attr):
            fail(f"{args.checkpoint} config has no '{attr}': not a PairRM-shaped checkpoint")
    # Fast when the `tokenizers` package is installed; otherwise the slow SentencePiece tokenizer, whose
    # tokenizer.json transformers' own converter writes (tokenizer_json.py). Check 1 runs on whichever loaded.
    tok = AutoTokenizer.from_pretrained(args.checkpoint, use_fast=tokenizer_json.fast_available())

    tokenizer_json.check_against_sentencepiece(tok, args.checkpoint, fail)
    ids = {"cls": tok.cls_token_id, "sep": tok.sep_token_id, "pad": tok.pad_token_id,
           "source": tok.convert_tokens_to_ids(SOURCE_PREFIX), "candidate1": tok.convert_tokens_to_ids(CAND1_PREFIX),
           "candidate2": tok.convert_tokens_to_ids(CAND2_PREFIX), "candidate": tok.convert_tokens_to_ids(CAND_PREFIX)}
    if (ids["source"], ids["candidate1"], ids["candidate2"]) != (
            config.source_prefix_id, config.cand1_prefix_id, config.cand2_prefix_id):
        fail(f"tokenizer marker ids {ids} disagree with the config's prefix ids")
    if tok.unk_token_id in (ids["source"], ids["candidate1"], ids["candidate2"]):
        fail("the tokenizer does not know the marker tokens")

    max_total = args.source_max_length + 2 * args.candidate_max_length
    rows = []
    for s, a, b in SAMPLES + [(s, b, a) for s, a, b in SAMPLES]:
        ours = blendstream_pair(tok, ids, s, a, b, args.source_max_length, max_total)
        # PairRM replaces a literal separator in text before tokenizing; the reference path gets the same texts.
        clean = [t.replace(tok.sep_token, " ") for t in (s, a, b)]
        ref = reference_tokenize_pair(tok, *clean, args.source_max_length, args.candidate_max_length)
        if ours != ref:
            fail("blendstream's once-per-text token layout differs from PairRM-hf's tokenize_pair on "
                 f"{s[:40]!r}: first difference at {next(i for i, (x, y) in enumerate(zip(ours + [None], ref + [None])) if x != y)}")
        rows.append(ours)

    cls = build_model_class()
    model, info = cls.from_pretrained(args.checkpoint, config=config, output_loading_info=True)
    if info["missing_keys"] or info["unexpected_keys"]:
        fail(f"weights do not fit: missing {info['missing_keys'][:5]}, unexpected {info['unexpected_keys'][:5]}")
    dtype = torch.float16 if args.dtype == "float16" else torch.float32
    model = model.to(device=args.device, dtype=dtype).eval()

    with torch.no_grad():
        # Trace on one short pair so that any length baked into the graph shows up in the check below.
        example = pad_batch(rows[:1], ids["pad"], args.device)
        traced = torch.jit.trace(model, example, check_trace=False)
        traced = torch.jit.freeze(traced) if args.device == "cpu" else traced
        atol = args.atol if args.atol is not None else (5e-2 if args.dtype == "float16" else 1e-3)
        worst = worst_difference(traced, rows, ids["pad"], args.device,
                                 lambda r: model(*pad_batch([r], ids["pad"], args.device))[0], fail)
        if not worst <= atol:
            fail(f"TorchScript disagrees with the eager model: max |diff| {worst:.3g} > {atol}")
        print(f"eager vs TorchScript max |diff| {worst:.3g} (atol {atol})", file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    traced.save(os.path.join(args.out, "model.pt"))
    tokenizer_json.save(tok, os.path.join(args.out, "tokenizer.json"))
    version = args.version or f"{args.checkpoint.rstrip('/').split('/')[-1]}-{args.dtype}"
    manifest = {
        "kind": "pairranker",
        "name": args.name or args.checkpoint,
        "version": version,
        "dtype": args.dtype,
        "special_tokens": {role: {"token": tok.convert_ids_to_tokens(i), "id": i} for role, i in ids.items()},
        "source_max_length": args.source_max_length,
        "candidate_max_length": args.candidate_max_length,
        "max_total_length": max_total,
        "exported_with": {"torch": torch.__version__, "transformers": tf_version, "device": args.device,
                          "tokenizer": "fast" if tok.is_fast else "converted from the slow tokenizer"},
    }
    with open(os.path.join(args.out, "blendstream-model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

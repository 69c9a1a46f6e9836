#!/usr/bin/env python3
"""Export a scalar reward model (AutoModelForSequenceClassification with one label) into a blendstream model directory.

    python tools/export/export_reward.py --checkpoint Skywork/Skywork-Reward-V2-Qwen3-0.6B --out models/skywork-0.6b
    python tools/export/export_reward.py --checkpoint OpenAssistant/reward-model-deberta-v3-large-v2 --out models/oa-deberta

Writes model.pt (TorchScript: forward(input_ids int64[B,L], attention_mask int64[B,L]) -> reward float[B], rows
right-padded), tokenizer.json and blendstream-model.json (kind "reward"). Two input formats, chosen from the checkpoint:
  chat_template  decoder reward models with a chat template (Skywork-Reward-V2, Llama/Qwen based): the conversation
                 plus the candidate as the assistant turn, rendered by the model's own template, tokenized without
                 added special tokens; the reward is read at the last real token. Over max_length, the middle is
                 cut: the first max_length - keep_last ids and the last keep_last ids (the end of the turn) are kept.
  text_pair      encoder reward models without a template (DeBERTa reward models): tokenizer(prompt, candidate)
                 with its own special tokens, truncation longest_first at max_length.
Before writing anything it checks, and fails loudly otherwise:
  1. chat_template: rendering the template and tokenizing the text without special tokens gives the ids of the
     tokenizer's own apply_chat_template(tokenize=True), on single- and multi-turn conversations;
  2. the TorchScript module reproduces the model's own eager forward (Hugging Face's pooling) on every sample, in
     padded batches and at other lengths than the trace.
Never run by the build or the tests; needs torch and transformers (see README.md).
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

CONVERSATIONS = [
    ([{"role": "user", "content": "What is the capital of France?"}], "The capital of France is Paris."),
    ([{"role": "user", "content": "What is the capital of France?"}], "I think it is Lyon."),
    ([{"role": "user", "content": "Write a haiku about the sea."}],
     "Waves fold into foam\nsalt wind carries gull voices\nthe tide keeps its time"),
    ([{"role": "user", "content": "hello"}, {"role": "assistant", "content": "Hello! How can I help?"},
      {"role": "user", "content": "Is it cold in Paris?"}], "No, it is warm today."),
    ([{"role": "user", "content": "Explain recursion to a child. " * 20}], "Recursion is defining a thing by itself. " * 30),
]
SENTINEL = "\u00a7\u00a7candidate\u00a7\u00a7"


def fail(msg):
    print("EXPORT FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


class RewardForExport(nn.Module):
    """The checkpoint's backbone and score head, pooled at each row's last real token (decoders) or as the model
    pools itself (encoders). Hugging Face's decoder classes find the last token by the first pad id, which breaks
    when the pad id also ends a turn (Qwen's <|endoftext|>); the attention mask says it for right-padded rows."""

    def __init__(self, model, decoder: bool):
        super().__init__()
        self.model = model
        self.decoder = decoder

    def forward(self, input_ids, attention_mask):
        if self.decoder:
            hidden = getattr(self.model, self.model.base_model_prefix)(
                input_ids=input_ids, attention_mask=attention_mask, return_dict=False)[0]
            last = attention_mask.sum(dim=1) - 1
            h = hidden[torch.arange(hidden.shape[0], device=hidden.device), last]
            return self.model.score(h)[:, 0]
        return self.model(input_ids=input_ids, attention_mask=attention_mask, return_dict=False)[0][:, 0]


def render(tok, messages, candidate, variables=None):
    # apply_chat_template hands the template the tokenizer's special tokens (bos_token, eos_token) itself; the
    # manifest records them as template_variables so that blendstream renders with the same.
    return tok.apply_chat_template(messages + [{"role": "assistant", "content": candidate}], tokenize=False,
                                   add_generation_prompt=False)


def keep_last_of(tok, variables):
    """Tokens the template writes after the assistant's text: a middle cut keeps them, because a decoder reward
    model reads its score at the last token."""
    text = render(tok, [{"role": "user", "content": "q"}], SENTINEL, variables)
    suffix = text[text.rindex(SENTINEL) + len(SENTINEL):]
    return len(tok.encode(suffix, add_special_tokens=False)) + 1


def encode(tok, fmt, messages, candidate, max_length, keep_last, variables):
    if fmt == "chat_template":
        ids = tok.encode(render(tok, messages, candidate, variables), add_special_tokens=False)
        return ids if len(ids) <= max_length else ids[:max_length - keep_last] + ids[len(ids) - keep_last:]
    return tok(flatten(messages), candidate, truncation="longest_first", max_length=max_length)["input_ids"]


def flatten(messages):
    """The prompt text of a text_pair model: the last user turn alone, or the conversation as one line per turn,
    labelled by its role (SYSTEM:, USER:, ASSISTANT:)."""
    if len(messages) == 1:
        return messages[0]["content"]
    return "\n".join(m["role"].upper() + ": " + m["content"] for m in messages)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="hub id or local folder")
    ap.add_argument("--out", required=True, help="model directory to write")
    ap.add_argument("--name", default=None, help="name written into outputs (default: the checkpoint)")
    ap.add_argument("--version", default=None, help="version string for outputs (default: derived from checkpoint)")
    ap.add_argument("--max-length", type=int, default=4096, help="tokens per (prompt, candidate) sequence")
    ap.add_argument("--input-format", choices=["auto", "chat_template", "text_pair"], default="auto")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--dtype", default="float32", choices=["float32", "float16", "bfloat16"])
    ap.add_argument("--atol", type=float, default=None, help="max |traced - eager| (default 1e-4 fp32, 5e-2 else)")
    args = ap.parse_args()
    if args.dtype != "float32" and args.device != "cuda":
        fail("half precision export needs --device cuda")

    import transformers
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    config = AutoConfig.from_pretrained(args.checkpoint)
    if config.num_labels != 1:
        fail(f"{args.checkpoint} has {config.num_labels} labels; a scalar reward model has one")
    tok = AutoTokenizer.from_pretrained(args.checkpoint, use_fast=tokenizer_json.fast_available())
    fmt = args.input_format
    if fmt == "auto":
        fmt = "chat_template" if tok.chat_template else "text_pair"
    if fmt == "chat_template" and not tok.chat_template:
        fail("the tokenizer has no chat_template")
    dtype = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[args.dtype]
    hf = AutoModelForSequenceClassification.from_pretrained(args.checkpoint, torch_dtype=torch.float32)
    hf = hf.to(device=args.device, dtype=dtype).eval()
    # Decoder classes (Llama, Qwen2/3, Mistral, Gemma) keep their head in `score` and pool the last token;
    # encoder classes (DeBERTa, RoBERTa) pool inside their own forward.
    decoder = hasattr(hf, "score") and not config.is_encoder_decoder
    if decoder and fmt != "chat_template":
        fail("a decoder reward model needs its chat template")
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    variables = {k: getattr(tok, k) for k in ("bos_token", "eos_token") if getattr(tok, k, None) is not None}
    keep_last = keep_last_of(tok, variables) if fmt == "chat_template" else 0

    rows = []
    for messages, candidate in CONVERSATIONS:
        if fmt == "chat_template":
            ours = tok.encode(render(tok, messages, candidate, variables), add_special_tokens=False)
            # return_dict=False: transformers 5 returns a BatchEncoding from tokenize=True by default.
            ref = tok.apply_chat_template(messages + [{"role": "assistant", "content": candidate}], tokenize=True,
                                          add_generation_prompt=False, return_dict=False)
            if ours != ref:
                fail(f"rendering then tokenizing differs from apply_chat_template on {messages[-1]['content'][:40]!r}")
        rows.append(encode(tok, fmt, messages, candidate, args.max_length, keep_last, variables))

    module = RewardForExport(hf, decoder).eval()
    atol = args.atol if args.atol is not None else (1e-4 if args.dtype == "float32" else 5e-2)
    with torch.no_grad():
        example = pad_batch(rows[:1], pad_id, args.device)
        traced = torch.jit.trace(module, example, check_trace=False)
        traced = torch.jit.freeze(traced) if args.device == "cpu" else traced
        # The model's own forward, one unpadded row at a time, is the reference.
        worst = worst_difference(traced, rows, pad_id, args.device,
                                 lambda r: hf(input_ids=torch.tensor([r], device=args.device)).logits[0, 0], fail)
        if not worst <= atol:
            fail(f"TorchScript disagrees with the eager model: max |diff| {worst:.3g} > {atol}")
        print(f"eager vs TorchScript max |diff| {worst:.3g} (atol {atol})", file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    traced.save(os.path.join(args.out, "model.pt"))
    tokenizer_json.save(tok, os.path.join(args.out, "tokenizer.json"))
    manifest = {
        "kind": "reward",
        "name": args.name or args.checkpoint,
        "version": args.version or f"{args.checkpoint.rstrip('/').split('/')[-1]}-{args.dtype}",
        "dtype": args.dtype,
        "input_format": fmt,
        "max_length": args.max_length,
        "special_tokens": {"pad": {"token": tok.convert_ids_to_tokens(pad_id), "id": pad_id}},
        "exported_with": {"torch": torch.__version__, "transformers": transformers.__version__, "device": args.device,
                          "tokenizer": "fast" if tok.is_fast else "converted from the slow tokenizer"},
    }
    if fmt == "chat_template":
        manifest.update({"chat_template": tok.chat_template, "template_variables": variables, "keep_last": keep_last})
    with open(os.path.join(args.out, "blendstream-model.json"), "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
    print(f"wrote {args.out} ({fmt}, max_length {args.max_length}"
          + (f", keep_last {keep_last})" if keep_last else ")"), file=sys.stderr)


if __name__ == "__main__":
    main()

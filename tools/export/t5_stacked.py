"""T5 (v1.0, v1.1 and Flan-T5) written out in scriptable PyTorch, with blendstream's fuser interface.

Hugging Face's T5 modules do not script, so the exporter loads a checkpoint's weights into this module
(see load_hf_state_dict) and scripts it; the test fixture uses the same module, small, with random
weights. The computation follows transformers' modeling_t5: RMS layer norm computed in float32, no
1/sqrt(d) attention scaling, relative position buckets from the first self-attention layer of each stack
shared by all layers, ReLU or gated-GELU feed-forward, and the d_model**-0.5 rescale before a tied LM head.

Interface (shared with tools/export/export_genfuser.py):
  encode(input_ids [B,S] long, attention_mask [B,S] long) -> encoder_hidden [B,S,D] float
  decode_step(decoder_input_ids [B,T] long, encoder_hidden [B,S,D], encoder_mask [B,S] long,
              past: List[Tensor]) -> (logits [B,T,V], new_past: List[Tensor])
  past = [self_kv [L,2,B,H,t,hd], cross_kv [L,2,B,H,S,hd]]; pass empty tensors on the first step. The
  cross-attention keys and values are computed once, on the first step, and handed back unchanged.
"""
import math
from typing import List, Tuple

import torch
from torch import nn


def relative_position_bucket(relative_position: torch.Tensor, bidirectional: bool, num_buckets: int,
                             max_distance: int) -> torch.Tensor:
    # Same bucketing as T5: exact buckets for small distances, log-spaced ones up to max_distance.
    relative_buckets = torch.zeros_like(relative_position)
    if bidirectional:
        num_buckets = num_buckets // 2
        relative_buckets = relative_buckets + (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    rel_if_large = max_exact + (
        torch.log(relative_position.float() / max_exact) / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)).to(torch.long)
    rel_if_large = torch.min(rel_if_large, torch.full_like(rel_if_large, num_buckets - 1))
    return relative_buckets + torch.where(is_small, relative_position, rel_if_large)


class RMSNorm(nn.Module):
    def __init__(self, d: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        var = x.float().pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(var + self.eps)
        return self.weight * x.to(self.weight.dtype)


class PositionBias(nn.Module):
    def __init__(self, heads: int, bidirectional: bool, num_buckets: int = 32, max_distance: int = 128):
        super().__init__()
        self.emb = nn.Embedding(num_buckets, heads)
        self.bidirectional = bidirectional
        self.num_buckets = num_buckets
        self.max_distance = max_distance

    def forward(self, q_start: int, q_len: int, k_len: int) -> torch.Tensor:
        ctx = torch.arange(q_start, q_start + q_len, dtype=torch.long).unsqueeze(1)
        mem = torch.arange(0, k_len, dtype=torch.long).unsqueeze(0)
        buckets = relative_position_bucket(mem - ctx, self.bidirectional, self.num_buckets, self.max_distance)
        return self.emb(buckets).permute(2, 0, 1).unsqueeze(0)  # [1,H,q,k]


class Attention(nn.Module):
    def __init__(self, d: int, heads: int, d_kv: int):
        super().__init__()
        self.heads = heads
        self.hd = d_kv
        inner = heads * d_kv
        self.q = nn.Linear(d, inner, bias=False)
        self.k = nn.Linear(d, inner, bias=False)
        self.v = nn.Linear(d, inner, bias=False)
        self.o = nn.Linear(inner, d, bias=False)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        return x.view(x.size(0), x.size(1), self.heads, self.hd).transpose(1, 2)

    def project_kv(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.split(self.k(x)), self.split(self.v(x))

    def attend(self, x: torch.Tensor, k: torch.Tensor, v: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        q = self.split(self.q(x))
        scores = torch.matmul(q, k.transpose(2, 3)) + bias  # T5 folds 1/sqrt(d) into the weights
        probs = torch.softmax(scores.float(), dim=-1).type_as(scores)
        out = torch.matmul(probs, v).transpose(1, 2).contiguous()
        return self.o(out.view(out.size(0), out.size(1), self.heads * self.hd))


class FeedForward(nn.Module):
    """T5 v1.0: ReLU."""

    def __init__(self, d: int, ff: int):
        super().__init__()
        self.wi = nn.Linear(d, ff, bias=False)
        self.wo = nn.Linear(ff, d, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.wo(torch.relu(self.wi(x)))


class GatedFeedForward(nn.Module):
    """T5 v1.1 and Flan-T5: gated GELU with the tanh approximation (transformers' gelu_new)."""

    def __init__(self, d: int, ff: int):
        super().__init__()
        self.wi_0 = nn.Linear(d, ff, bias=False)
        self.wi_1 = nn.Linear(d, ff, bias=False)
        self.wo = nn.Linear(ff, d, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        g = self.wi_0(x)
        g = 0.5 * g * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (g + 0.044715 * torch.pow(g, 3.0))))
        return self.wo(g * self.wi_1(x))


def feed_forward(d: int, ff: int, gated: bool) -> nn.Module:
    return GatedFeedForward(d, ff) if gated else FeedForward(d, ff)


class EncoderLayer(nn.Module):
    def __init__(self, d: int, heads: int, d_kv: int, ff: int, gated: bool, eps: float):
        super().__init__()
        self.ln1 = RMSNorm(d, eps)
        self.attn = Attention(d, heads, d_kv)
        self.ln2 = RMSNorm(d, eps)
        self.ff = feed_forward(d, ff, gated)

    def forward(self, h: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = self.ln1(h)
        k, v = self.attn.project_kv(x)
        h = h + self.attn.attend(x, k, v, bias)
        return h + self.ff(self.ln2(h))


class DecoderLayer(nn.Module):
    def __init__(self, d: int, heads: int, d_kv: int, ff: int, gated: bool, eps: float):
        super().__init__()
        self.ln1 = RMSNorm(d, eps)
        self.self_attn = Attention(d, heads, d_kv)
        self.ln2 = RMSNorm(d, eps)
        self.cross_attn = Attention(d, heads, d_kv)
        self.ln3 = RMSNorm(d, eps)
        self.ff = feed_forward(d, ff, gated)


class StackedCacheT5(nn.Module):
    def __init__(self, vocab: int, d: int, heads: int, d_kv: int, ff: int, enc_layers: int, dec_layers: int,
                 gated: bool = False, tie_embeddings: bool = False, num_buckets: int = 32,
                 max_distance: int = 128, eps: float = 1e-6):
        super().__init__()
        self.shared = nn.Embedding(vocab, d)
        self.enc_bias = PositionBias(heads, True, num_buckets, max_distance)
        self.enc_layers = nn.ModuleList([EncoderLayer(d, heads, d_kv, ff, gated, eps) for _ in range(enc_layers)])
        self.enc_ln = RMSNorm(d, eps)
        self.dec_bias = PositionBias(heads, False, num_buckets, max_distance)
        self.dec_layers = nn.ModuleList([DecoderLayer(d, heads, d_kv, ff, gated, eps) for _ in range(dec_layers)])
        self.dec_ln = RMSNorm(d, eps)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        # a tied head (T5 v1.0) sees the decoder output rescaled by d_model**-0.5
        self.head_scale = d ** -0.5 if tie_embeddings else 1.0

    @torch.jit.export
    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        h = self.shared(input_ids)
        s = input_ids.size(1)
        mask = (1.0 - attention_mask[:, None, None, :].to(h.dtype)) * -1e9
        bias = self.enc_bias(0, s, s) + mask
        for layer in self.enc_layers:
            h = layer(h, bias)
        return self.enc_ln(h)

    @torch.jit.export
    def decode_step(self, decoder_input_ids: torch.Tensor, encoder_hidden: torch.Tensor,
                    encoder_mask: torch.Tensor, past: List[torch.Tensor]) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        self_past = past[0]
        cross_past = past[1]
        has_self = self_past.numel() > 0
        has_cross = cross_past.numel() > 0
        t_past = self_past.size(4) if has_self else 0
        q_len = decoder_input_ids.size(1)
        h = self.shared(decoder_input_ids)
        causal = torch.arange(t_past + q_len).unsqueeze(0) > (t_past + torch.arange(q_len)).unsqueeze(1)
        self_bias = self.dec_bias(t_past, q_len, t_past + q_len) + causal.to(h.dtype)[None, None, :, :] * -1e9
        cross_bias = (1.0 - encoder_mask[:, None, None, :].to(h.dtype)) * -1e9
        new_self: List[torch.Tensor] = []
        new_cross: List[torch.Tensor] = []
        i = 0
        for layer in self.dec_layers:
            x = layer.ln1(h)
            k, v = layer.self_attn.project_kv(x)
            if has_self:
                k = torch.cat([self_past[i, 0], k], dim=2)
                v = torch.cat([self_past[i, 1], v], dim=2)
            new_self.append(torch.stack([k, v]))
            h = h + layer.self_attn.attend(x, k, v, self_bias)
            if has_cross:
                ck = cross_past[i, 0]
                cv = cross_past[i, 1]
            else:
                ck, cv = layer.cross_attn.project_kv(encoder_hidden)
                new_cross.append(torch.stack([ck, cv]))
            h = h + layer.cross_attn.attend(layer.ln2(h), ck, cv, cross_bias)
            h = h + layer.ff(layer.ln3(h))
            i += 1
        logits = self.lm_head(self.dec_ln(h) * self.head_scale)
        # the cross cache never changes after the first step: hand the same tensor back, no copy
        cross = cross_past if has_cross else torch.stack(new_cross)
        return logits, [torch.stack(new_self), cross]

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encode(input_ids, attention_mask)


def from_hf_config(cfg) -> StackedCacheT5:
    """An empty module shaped like a transformers T5Config."""
    gated = getattr(cfg, "is_gated_act", None)
    if gated is None:
        gated = str(getattr(cfg, "feed_forward_proj", "relu")).startswith("gated")
    act = str(getattr(cfg, "feed_forward_proj", "relu")).replace("gated-", "")
    if act not in ("relu", "gelu", "gelu_new"):
        raise SystemExit("unsupported T5 feed_forward_proj %r" % cfg.feed_forward_proj)
    if gated and act == "relu" or (not gated and act != "relu"):
        raise SystemExit("unsupported T5 feed-forward %r: only relu and gated-gelu are written out here"
                         % cfg.feed_forward_proj)
    # transformers 5 keeps tie_word_embeddings True for every T5 and says whether the head's input is rescaled in
    # scale_decoder_outputs; 4.x said it with tie_word_embeddings. Reading the old flag on 5.x scales Flan-T5's logits,
    # which greedy decoding cannot see and beam search can.
    scaled = getattr(cfg, "scale_decoder_outputs", None)
    if scaled is None:
        scaled = cfg.tie_word_embeddings
    return StackedCacheT5(cfg.vocab_size, cfg.d_model, cfg.num_heads, cfg.d_kv, cfg.d_ff, cfg.num_layers,
                          cfg.num_decoder_layers, gated=gated, tie_embeddings=scaled,
                          num_buckets=cfg.relative_attention_num_buckets,
                          max_distance=getattr(cfg, "relative_attention_max_distance", 128),
                          eps=cfg.layer_norm_epsilon)


def load_hf_state_dict(module: StackedCacheT5, sd) -> None:
    """Copies a T5ForConditionalGeneration state dict into the module; every target weight must be found."""
    def ff_names(ff):
        return ["wi_0", "wi_1", "wo"] if isinstance(ff, GatedFeedForward) else ["wi", "wo"]

    mapping = {"shared.weight": "shared.weight",
               "enc_bias.emb.weight": "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
               "dec_bias.emb.weight": "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
               "enc_ln.weight": "encoder.final_layer_norm.weight",
               "dec_ln.weight": "decoder.final_layer_norm.weight",
               "lm_head.weight": "lm_head.weight" if "lm_head.weight" in sd else "shared.weight"}
    for i, layer in enumerate(module.enc_layers):
        hf = "encoder.block.%d.layer." % i
        for p in "qkvo":
            mapping["enc_layers.%d.attn.%s.weight" % (i, p)] = hf + "0.SelfAttention.%s.weight" % p
        mapping["enc_layers.%d.ln1.weight" % i] = hf + "0.layer_norm.weight"
        mapping["enc_layers.%d.ln2.weight" % i] = hf + "1.layer_norm.weight"
        for n in ff_names(layer.ff):
            mapping["enc_layers.%d.ff.%s.weight" % (i, n)] = hf + "1.DenseReluDense.%s.weight" % n
    for i, layer in enumerate(module.dec_layers):
        hf = "decoder.block.%d.layer." % i
        for p in "qkvo":
            mapping["dec_layers.%d.self_attn.%s.weight" % (i, p)] = hf + "0.SelfAttention.%s.weight" % p
            mapping["dec_layers.%d.cross_attn.%s.weight" % (i, p)] = hf + "1.EncDecAttention.%s.weight" % p
        mapping["dec_layers.%d.ln1.weight" % i] = hf + "0.layer_norm.weight"
        mapping["dec_layers.%d.ln2.weight" % i] = hf + "1.layer_norm.weight"
        mapping["dec_layers.%d.ln3.weight" % i] = hf + "2.layer_norm.weight"
        for n in ff_names(layer.ff):
            mapping["dec_layers.%d.ff.%s.weight" % (i, n)] = hf + "2.DenseReluDense.%s.weight" % n
    own = module.state_dict()
    missing = [k for k in own if k not in mapping or mapping[k] not in sd]
    if missing:
        raise SystemExit("checkpoint lacks weights for: %s" % ", ".join(missing[:10]))
    module.load_state_dict({k: sd[mapping[k]].float() for k in own}, strict=True)
